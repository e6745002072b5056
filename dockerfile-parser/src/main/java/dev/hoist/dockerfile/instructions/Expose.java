package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code EXPOSE port[/proto]…}. */
public record Expose(List<String> ports, SourceLocation location) implements Instruction {
  public Expose {
    ports = List.copyOf(ports);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Expose(ports.stream().flatMap(p -> expander.words(p).stream()).toList(),
        location);
  }
}
