package dev.hoist.internal.service.list;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code --filter KEY=VALUE} selection of Docker's listing and prune commands, as moby's
 * {@code filters.Args} holds it (the Engine API's {@code filters} parameter has the same model):
 * each key maps to a set of values. Within a key, a candidate matches when any value does;
 * different keys must all match. The matchers are moby's: {@link #match} (the value equal to the
 * source, or a regular expression found in it), {@link #exactMatch}, {@link #matchLabels}.
 */
public final class Filters {
  /** No filter. */
  public static final Filters NONE = new Filters(Map.of());

  private final Map<String, Set<String>> values;

  private Filters(Map<String, Set<String>> values) {
    this.values = values;
  }

  /**
   * The filters the command line's {@code --filter} flags give, as docker's {@code FilterOpt}
   * reads them: {@code KEY=VALUE}, the key lowercased, both trimmed.
   *
   * @throws InvalidFilterException for a flag without {@code =}
   */
  public static Filters parse(Collection<String> flags) {
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq < 0) {
        throw new InvalidFilterException("bad format of filter (expected name=value)");
      }
      String key = flag.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      values.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(flag.substring(eq + 1).trim());
    }
    return new Filters(values);
  }

  /** Filters from the Engine API's form: each key with its values. */
  public static Filters of(Map<String, ? extends Collection<String>> values) {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, new LinkedHashSet<>(v)));
    return new Filters(copy);
  }

  /**
   * Refuses a key not in {@code accepted}, as moby's {@code Validate}: {@code invalid filter 'KEY'}.
   */
  public Filters validate(Set<String> accepted) {
    for (String key : values.keySet()) {
      if (!accepted.contains(key)) {
        throw new InvalidFilterException(key, null);
      }
    }
    return this;
  }

  /** These filters without {@code key} (one a caller reads itself: a prune's {@code dangling}). */
  public Filters without(String key) {
    Map<String, Set<String>> rest = new LinkedHashMap<>(values);
    rest.remove(key);
    return new Filters(rest);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  /** The values given for {@code key}, in the order given. */
  public List<String> get(String key) {
    return List.copyOf(values.getOrDefault(key, Set.of()));
  }

  /**
   * moby's {@code Match}: true when {@code key} has no values; else when a value equals
   * {@code source} or, read as a regular expression, is found in it.
   */
  public boolean match(String key, String source) {
    Set<String> wanted = values.get(key);
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    for (String value : wanted) {
      if (value.equals(source)) {
        return true;
      }
      try {
        if (Pattern.compile(value).matcher(source).find()) {
          return true;
        }
      } catch (PatternSyntaxException e) {
        // moby skips a value that is no regular expression
      }
    }
    return false;
  }

  /**
   * moby's {@code FuzzyMatch}: true when {@code key} has no values, else when one equals
   * {@code source} or is a prefix of it.
   */
  public boolean fuzzyMatch(String key, String source) {
    Set<String> wanted = values.get(key);
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return wanted.stream().anyMatch(source::startsWith);
  }

  /** moby's {@code ExactMatch}: true when {@code key} has no values, else when one equals it. */
  public boolean exactMatch(String key, String source) {
    Set<String> wanted = values.get(key);
    return wanted == null || wanted.isEmpty() || wanted.contains(source);
  }

  /**
   * moby's {@code MatchKVList} for {@code label}-like keys: every value ({@code K} or
   * {@code K=V}) must be among {@code labels} (the key present, with that value when given).
   */
  public boolean matchLabels(String key, Map<String, String> labels) {
    Set<String> wanted = values.get(key);
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    for (String value : wanted) {
      if (!hasLabel(labels, value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The prune commands' {@code label!=}: false when any value ({@code K} or {@code K=V}) is among
   * {@code labels}.
   */
  public boolean matchNoLabel(String key, Map<String, String> labels) {
    for (String value : values.getOrDefault(key, Set.of())) {
      if (hasLabel(labels, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLabel(Map<String, String> labels, String value) {
    int eq = value.indexOf('=');
    String k = eq < 0 ? value : value.substring(0, eq);
    String v = labels.get(k);
    return v != null && (eq < 0 || v.equals(value.substring(eq + 1)));
  }

  /**
   * A boolean filter ({@code dangling=true}), as moby's {@code GetBoolOrDefault}: null when
   * absent; {@code true}/{@code 1} and {@code false}/{@code 0}, case-insensitively; several
   * values must agree.
   *
   * @throws InvalidFilterException for anything else
   */
  public Boolean bool(String key) {
    Set<String> given = values.get(key);
    if (given == null || given.isEmpty()) {
      return null;
    }
    Boolean result = null;
    for (String value : given) {
      String v = value.toLowerCase(Locale.ROOT);
      boolean b;
      if (v.equals("true") || v.equals("1")) {
        b = true;
      } else if (v.equals("false") || v.equals("0")) {
        b = false;
      } else {
        throw new InvalidFilterException(key, given);
      }
      if (result != null && result != b) {
        throw new InvalidFilterException(key, given);
      }
      result = b;
    }
    return result;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
