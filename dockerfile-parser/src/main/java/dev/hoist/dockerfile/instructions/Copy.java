package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…]… SRC… DEST}.
 * {@code from} is a stage name, a stage index or an image (null: the build context); it is never
 * expanded (a variable in it is refused when the stages are resolved, as in BuildKit).
 */
public record Copy(SourcesAndDestination paths, String from, String chown, String chmod,
    boolean link, boolean parents, List<String> excludes, SourceLocation location)
    implements Instruction {
  public Copy {
    excludes = List.copyOf(excludes);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Copy(paths.expand(expander), from,
        chown == null ? null : expander.word(chown), chmod == null ? null : expander.word(chmod),
        link, parents, expander.eachWord(excludes), location);
  }
}
