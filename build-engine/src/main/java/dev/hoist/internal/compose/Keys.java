package dev.hoist.internal.compose;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a mapping of the file may have: unknown ones are refused naming the nearest valid
 * key and the whole list; keys of the Compose Specification hoist does not do yet are refused
 * saying so (x- extension keys are always allowed and ignored).
 */
final class Keys {
  private final Set<String> supported;
  private final Set<String> notYet;

  Keys(Set<String> supported, Set<String> notYet) {
    this.supported = supported;
    this.notYet = notYet;
  }

  Keys(Set<String> supported) {
    this(supported, Set.of());
  }

  void check(Map<String, Object> map, String path, Where where) {
    for (String key : map.keySet()) {
      if (supported.contains(key) || key.startsWith("x-")) {
        continue;
      }
      String at = path.isEmpty() ? key : path + "." + key;
      if (notYet.contains(key)) {
        throw where.error(at, "not supported by hoist compose yet (see docs/compose.md)");
      }
      Set<String> valid = new TreeSet<>(supported);
      valid.addAll(notYet);
      String near = nearest(key, valid);
      throw where.error(at, "unknown key \"" + key + "\""
          + (near == null ? "" : " (did you mean \"" + near + "\"?)") + "; valid keys: "
          + String.join(", ", valid));
    }
  }

  private static String nearest(String key, Collection<String> valid) {
    return valid.stream()
        .min(Comparator.comparingInt(v -> distance(key, v)))
        .filter(v -> distance(key, v) <= Math.max(2, key.length() / 3))
        .orElse(null);
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
