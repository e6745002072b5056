package dev.hoist.dockerfile.instructions;

import java.util.List;

/** {@code LABEL key=value…}: image labels. */
public record Label(List<KeyValuePair> labels, SourceLocation location)
    implements Instruction {
  public Label {
    labels = List.copyOf(labels);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Label(KeyValues.expand(labels, expander), location);
  }
}
