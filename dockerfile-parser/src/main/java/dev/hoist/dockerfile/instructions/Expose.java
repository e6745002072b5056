package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code EXPOSE port[/proto]…}.
 *
 * @param ports the ports, such as {@code 80/tcp}
 * @param location where the instruction is written
 */
public record Expose(List<String> ports, SourceLocation location) implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param ports the ports, such as {@code 80/tcp}
   * @param location where the instruction is written
   */
  public Expose {
    ports = List.copyOf(ports);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Expose(ports.stream().flatMap(p -> expander.words(p).stream()).toList(),
        location);
  }
}
