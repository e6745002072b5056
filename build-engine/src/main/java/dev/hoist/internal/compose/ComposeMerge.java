package dev.hoist.internal.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How Compose merges a later file (or an {@code extends}ing service) over an earlier one, on
 * the raw trees: mappings key by key; {@code environment}, {@code labels}, {@code extra_hosts},
 * {@code sysctls}, {@code depends_on} and {@code networks} as mappings whatever syntax either
 * side uses; {@code volumes} by container path (a later mount of the same path replaces the
 * earlier); {@code ports}, {@code expose}, {@code dns}, {@code cap_add} and the other lists of
 * values as a union; {@code command}, {@code entrypoint}, {@code healthcheck.test} and every
 * scalar replaced.
 */
final class ComposeMerge {
  private static final Set<String> AS_MAP = Set.of("environment", "labels", "extra_hosts",
      "sysctls", "annotations", "depends_on", "networks", "build.args", "build.labels",
      "deploy.labels", "logging.options");
  private static final Set<String> UNION = Set.of("ports", "expose", "dns", "dns_search",
      "dns_opt", "cap_add", "cap_drop", "tmpfs", "env_file", "security_opt", "devices",
      "external_links", "links", "volumes_from", "group_add", "profiles", "secrets", "configs");
  private static final Set<String> BY_TARGET = Set.of("volumes");

  private ComposeMerge() {}

  /** The top-level mapping {@code override} merged over {@code base}. */
  static Map<String, Object> files(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    override.forEach((key, value) -> {
      Object old = out.get(key);
      if (key.equals("services") && old instanceof Map<?, ?> b && value instanceof Map<?, ?> o) {
        Map<String, Object> services = new LinkedHashMap<>(cast(b));
        cast(o).forEach((name, s) -> services.merge(name, s, (x, y) ->
            x instanceof Map<?, ?> xm && y instanceof Map<?, ?> ym
                ? service(cast(xm), cast(ym)) : y));
        out.put(key, services);
      } else if (old instanceof Map<?, ?> b && value instanceof Map<?, ?> o) {
        out.put(key, deep(cast(b), cast(o)));
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  /** The service mapping {@code override} merged over {@code base}. */
  static Map<String, Object> service(Map<String, Object> base, Map<String, Object> override) {
    return merge(base, override, "");
  }

  private static Map<String, Object> merge(Map<String, Object> base,
      Map<String, Object> override, String prefix) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    override.forEach((key, value) -> {
      String path = prefix + key;
      Object old = out.get(key);
      if (old == null || value == null) {
        out.put(key, value == null && old != null && AS_MAP.contains(path) ? old : value);
      } else if (AS_MAP.contains(path)) {
        Map<String, Object> merged = new LinkedHashMap<>(asMap(old));
        asMap(value).forEach((k, v) -> {
          Object x = merged.get(k);
          merged.put(k, x instanceof Map<?, ?> xm && v instanceof Map<?, ?> vm
              ? deep(cast(xm), cast(vm)) : v == null && x != null && key.equals("networks")
                  ? x : v);
        });
        out.put(key, merged);
      } else if (BY_TARGET.contains(path) && old instanceof List<?> a && value instanceof List<?> b) {
        Map<String, Object> byTarget = new LinkedHashMap<>();
        for (Object v : a) {
          byTarget.put(target(v), v);
        }
        for (Object v : b) {
          byTarget.put(target(v), v); // in the earlier one's place, as Compose merges
        }
        out.put(key, new ArrayList<>(byTarget.values()));
      } else if (UNION.contains(path) && old instanceof List<?> a && value instanceof List<?> b) {
        List<Object> union = new ArrayList<>(a);
        for (Object v : b) {
          if (!union.contains(v)) {
            union.add(v);
          }
        }
        out.put(key, union);
      } else if (old instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
        out.put(key, merge(cast(a), cast(b), path + "."));
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  private static Map<String, Object> deep(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((k, v) -> {
      Object x = out.get(k);
      out.put(k, x instanceof Map<?, ?> xm && v instanceof Map<?, ?> vm
          ? deep(cast(xm), cast(vm)) : v);
    });
    // a key given as null over a value: the value stays (Compose's "key:" with nothing)
    over.forEach((k, v) -> {
      if (v == null && base.get(k) != null) {
        out.put(k, base.get(k));
      }
    });
    return out;
  }

  /**
   * A list-or-mapping field as a mapping: {@code ["A=1", "B"]} as {@code {A: "1", B: null}},
   * {@code ["db"]} (depends_on, networks) as {@code {db: null}}.
   */
  static Map<String, Object> asMap(Object value) {
    if (value instanceof Map<?, ?> m) {
      return cast(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        String s = String.valueOf(item);
        int eq = s.indexOf('=');
        if (eq < 0) {
          out.put(s, null);
        } else {
          out.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static String target(Object volume) {
    if (volume instanceof Map<?, ?> m) {
      return String.valueOf(m.get("target"));
    }
    String[] parts = String.valueOf(volume).split(":");
    return parts.length == 1 ? parts[0] : parts[1];
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
