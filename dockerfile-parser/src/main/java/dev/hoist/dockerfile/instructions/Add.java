package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code ADD [--chown=…] [--chmod=…] [--link] [--checksum=…] [--keep-git-dir] [--exclude=…]…
 * [--unpack] SRC… DEST}: like COPY, and also URLs, git repositories and local tar archives
 * (extracted unless {@code --unpack=false}). {@code unpack} is null when not given.
 */
public record Add(SourcesAndDestination paths, String chown, String chmod, boolean link,
    String checksum, boolean keepGitDir, List<String> excludes, Boolean unpack,
    SourceLocation location) implements Instruction {
  public Add {
    excludes = List.copyOf(excludes);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Add(paths.expand(expander), chown == null ? null : expander.word(chown),
        chmod == null ? null : expander.word(chmod), link,
        checksum == null ? null : expander.word(checksum), keepGitDir,
        expander.eachWord(excludes), unpack, location);
  }
}
