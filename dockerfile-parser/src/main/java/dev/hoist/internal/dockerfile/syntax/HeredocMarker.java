package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.dockerfile.Heredoc;

/** What an instruction line says of a heredoc before its body is read. */
record HeredocMarker(String name, boolean expand, boolean chomp, int fileDescriptor) {
  Heredoc withContent(String content) {
    return new Heredoc(name, content, expand, chomp, fileDescriptor);
  }
}
