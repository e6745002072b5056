package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code ADD [--chown=…] [--chmod=…] [--link] [--checksum=…] [--keep-git-dir] [--exclude=…]…
 * [--unpack] SRC… DEST}: like COPY, and also URLs, git repositories and local tar archives
 * (extracted unless {@code --unpack=false}). {@code unpack} is null when not given.
 *
 * @param paths the sources and the destination
 * @param chown {@code --chown}, or null
 * @param chmod {@code --chmod}, or null
 * @param link {@code --link}
 * @param checksum {@code --checksum} of a URL source, or null
 * @param keepGitDir {@code --keep-git-dir}
 * @param excludes {@code --exclude} patterns
 * @param unpack {@code --unpack}, or null when not given
 * @param location where the instruction is written
 */
public record Add(SourcesAndDestination paths, String chown, String chmod, boolean link,
    String checksum, boolean keepGitDir, List<String> excludes, Boolean unpack,
    SourceLocation location) implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param paths the sources and the destination
   * @param chown {@code --chown}, or null
   * @param chmod {@code --chmod}, or null
   * @param link {@code --link}
   * @param checksum {@code --checksum} of a URL source, or null
   * @param keepGitDir {@code --keep-git-dir}
   * @param excludes {@code --exclude} patterns
   * @param unpack {@code --unpack}, or null when not given
   * @param location where the instruction is written
   */
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
