package dev.hoist.dockerfile.instructions;

import java.util.List;

/**
 * {@code LABEL key=value…}: image labels.
 *
 * @param labels the labels, in order
 * @param location where the instruction is written
 */
public record Label(List<KeyValuePair> labels, SourceLocation location)
    implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param labels the labels, in order
   * @param location where the instruction is written
   */
  public Label {
    labels = List.copyOf(labels);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Label(KeyValues.expand(labels, expander), location);
  }
}
