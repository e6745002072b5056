package dev.hoist.internal.dockerfile.shell;

import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link ShellLexer#processWordWithMatches}: the expanded word and the names of
 * the variables it referenced, split by whether the environment had them.
 *
 * @param result the word with quotes removed and variables expanded
 * @param matched names referenced and present in the environment (possibly with an empty value)
 * @param unmatched names referenced but absent from the environment, including positional and
 *     special parameters such as {@code 1} or {@code @}
 */
public record Expansion(String result, Set<String> matched, Set<String> unmatched) {
  /** Copies the sets so the record is immutable. */
  public Expansion {
    Objects.requireNonNull(result, "result");
    matched = Set.copyOf(matched);
    unmatched = Set.copyOf(unmatched);
  }
}
