package dev.hoist.internal.service;

import java.util.Locale;

/**
 * What {@code wait} waits for, as the Engine API's {@code condition}: {@link #NOT_RUNNING} (the
 * default) returns at once for a container that does not run; {@link #NEXT_EXIT} waits for its
 * next exit, even when it is not running yet; {@link #REMOVED} waits until it is removed.
 */
public enum WaitCondition {
  NOT_RUNNING("not-running"),
  NEXT_EXIT("next-exit"),
  REMOVED("removed");

  private final String word;

  WaitCondition(String word) {
    this.word = word;
  }

  /** As Docker writes it: {@code not-running}, {@code next-exit}, {@code removed}. */
  public String word() {
    return word;
  }

  /**
   * The condition {@code text} names; empty: {@link #NOT_RUNNING}.
   *
   * @throws IllegalArgumentException naming the conditions there are
   */
  public static WaitCondition parse(String text) {
    if (text == null || text.isEmpty()) {
      return NOT_RUNNING;
    }
    for (WaitCondition c : values()) {
      if (c.word.equals(text.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("invalid condition: \"" + text
        + "\" (not-running, next-exit or removed)");
  }
}
