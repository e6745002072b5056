package dev.hoist.cache.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Defensive, unmodifiable copies for the model's record components. Maps and sets are sorted so
 * that {@code toString} and equality are stable; JSON {@code null} elements are tolerated because
 * real-world documents contain them.
 */
final class Copies {
  private Copies() {}

  /** An unmodifiable copy, or null for null (the model keeps "absent" apart from "empty"). */
  static <T> List<T> list(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** An unmodifiable copy, or an empty list for null. */
  static <T> List<T> listOrEmpty(List<T> list) {
    return list == null ? List.of() : list(list);
  }

  /** An unmodifiable sorted copy, or null for null. */
  static <V> Map<String, V> map(Map<String, V> map) {
    return map == null ? null : Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /** An unmodifiable sorted copy, or an empty map for null. */
  static <V> Map<String, V> mapOrEmpty(Map<String, V> map) {
    return map == null ? Map.of() : map(map);
  }

  /** An unmodifiable sorted copy, or null for null. */
  static Set<String> set(Set<String> set) {
    return set == null ? null : Collections.unmodifiableSet(new TreeSet<>(set));
  }

  /**
   * The unknown JSON properties of a model object: a sorted, unmodifiable map of deep copies
   * (empty for null), so later changes to the caller's nodes cannot reach the model.
   */
  static Map<String, JsonNode> unknown(Map<String, JsonNode> unknown) {
    if (unknown == null || unknown.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, JsonNode> copy = new TreeMap<>();
    unknown.forEach((k, v) -> copy.put(k, v == null ? NullNode.getInstance() : v.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }
}
