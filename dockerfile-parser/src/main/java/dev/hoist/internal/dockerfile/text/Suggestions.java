package dev.hoist.internal.dockerfile.text;

import java.util.Collection;

/** "Did you mean …?" hints: the closest candidate by edit distance, when close enough. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * A hint such as {@code " (did you mean COPY?)"}, or an empty string when no candidate is
   * close to what was written.
   */
  public static String didYouMean(String written, Collection<String> candidates) {
    String best = closest(written, candidates);
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  /** The candidate nearest to {@code written}, or null when none is within reach. */
  public static String closest(String written, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(written, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, written.length() / 2));
    return bestDistance <= allowed && bestDistance < written.length() ? best : null;
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
