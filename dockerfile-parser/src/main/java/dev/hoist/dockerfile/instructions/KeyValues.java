package dev.hoist.dockerfile.instructions;

import java.util.List;

/** Expansion shared by ENV and LABEL pairs: keys and values are each one word. */
final class KeyValues {
  private KeyValues() {}

  static List<KeyValuePair> expand(List<KeyValuePair> pairs, Expander expander) {
    return pairs.stream()
        .map(p -> new KeyValuePair(expander.word(p.key()), expander.word(p.value())))
        .toList();
  }
}
