package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code VOLUME path…}.
 *
 * @param paths the paths
 * @param location where the instruction is written
 */
public record Volume(List<String> paths, SourceLocation location) implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param paths the paths
   * @param location where the instruction is written
   */
  public Volume {
    paths = List.copyOf(paths);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Volume(expander.eachWord(paths), location);
  }
}
