package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code VOLUME path…}. */
public record Volume(List<String> paths, SourceLocation location) implements Instruction {
  public Volume {
    paths = List.copyOf(paths);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Volume(expander.eachWord(paths), location);
  }
}
