package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…]… SRC… DEST}.
 * {@code from} is a stage name, a stage index or an image (null: the build context); it is never
 * expanded (a variable in it is refused when the stages are resolved, as in BuildKit).
 *
 * @param paths the sources and the destination
 * @param from the stage or image to copy from, or null for the build context
 * @param chown {@code --chown}, or null
 * @param chmod {@code --chmod}, or null
 * @param link {@code --link}
 * @param parents {@code --parents}: keep the sources' parent directories
 * @param excludes {@code --exclude} patterns
 * @param location where the instruction is written
 */
public record Copy(SourcesAndDestination paths, String from, String chown, String chmod,
    boolean link, boolean parents, List<String> excludes, SourceLocation location)
    implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param paths the sources and the destination
   * @param from the stage or image to copy from, or null for the build context
   * @param chown {@code --chown}, or null
   * @param chmod {@code --chmod}, or null
   * @param link {@code --link}
   * @param parents {@code --parents}: keep the sources' parent directories
   * @param excludes {@code --exclude} patterns
   * @param location where the instruction is written
   */
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
