package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.DockerfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One {@code RUN --mount=…}: a comma-separated list of {@code key=value} fields (CSV quoting
 * allowed), read with BuildKit's keys and defaults. {@code spec} is the flag's value as
 * written; the other fields are what it means.
 *
 * @param type bind, cache, tmpfs, secret or ssh
 * @param target where it is mounted; null for a bind, cache or tmpfs mount written without one
 *     (then at the working directory, as BuildKit does), or for a secret or ssh mount (default)
 * @param from the stage, stage index or image a bind or cache mount takes its source from
 *     (null: the build context, also when written {@code from=})
 * @param readOnly bind mounts are read-only unless {@code rw}; the others read-write
 * @param sharing for cache mounts: shared, private or locked
 * @param mode file mode for cache/secret/ssh mounts, or null
 */
public record RunMount(String spec, String type, String target, String source, String from,
    boolean readOnly, String id, String sharing, Integer mode, Long uid, Long gid,
    boolean required, String size, String env) {

  private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");
  /** BuildKit's test for a variable in {@code from=}: a {@code $} followed by anything. */
  private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$.");

  /**
   * Reads a mount spec with no expansion.
   *
   * @param spec the {@code --mount} value
   * @return the mount
   */
  public static RunMount parse(String spec) {
    return parse(spec, UnaryOperator.identity());
  }

  /**
   * This mount at another target (the engine's resolved one).
   *
   * @param path the target
   * @return the changed copy
   */
  public RunMount withTarget(String path) {
    return new RunMount(spec, type, path, source, from, readOnly, id, sharing, mode, uid, gid,
        required, size, env);
  }

  RunMount expand(Expander expander) {
    return parse(spec, expander::word);
  }

  static RunMount parse(String spec, UnaryOperator<String> expand) {
    String type = "bind";
    String target = null;
    String source = null;
    String from = null;
    Boolean readOnly = null;
    String id = null;
    String sharing = null;
    Integer mode = null;
    Long uid = null;
    Long gid = null;
    boolean required = false;
    String size = null;
    String env = null;
    for (String field : csvFields(spec)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT).strip();
      if (key.equals("from") && eq >= 0 && VARIABLE.matcher(field.substring(eq + 1)).find()) {
        throw new DockerfileException("'from' doesn't support variable expansion, define alias "
            + "stage instead: --mount=" + spec);
      }
      String value = eq < 0 ? null : expand.apply(field.substring(eq + 1));
      switch (key) {
        case "readonly", "ro" -> readOnly = bool(key, value, spec);
        case "readwrite", "rw" -> readOnly = !bool(key, value, spec);
        case "required" -> {
          // as BuildKit, checked against the type given so far
          onlyFor(key, type, spec, "secret", "ssh");
          required = bool(key, value, spec);
        }
        default -> {
          if (value == null) {
            throw new DockerfileException(
                "invalid field '" + field + "' must be a key=value pair in --mount=" + spec);
          }
          switch (key) {
            case "type" -> {
              type = value.toLowerCase(Locale.ROOT);
              if (!TYPES.contains(type)) {
                throw new DockerfileException("unsupported mount type \"" + value
                    + "\" in --mount=" + spec + " (expected one of " + TYPES + ")");
              }
            }
            case "target", "dst", "destination" -> target = value;
            case "source", "src" -> source = value;
            case "from" -> from = value.isEmpty() ? null : value; // empty: the context
            case "id" -> id = value;
            case "sharing" -> {
              sharing = value.toLowerCase(Locale.ROOT);
              if (!List.of("shared", "private", "locked").contains(sharing)) {
                throw new DockerfileException(
                    "unsupported sharing value \"" + value + "\" in --mount=" + spec);
              }
            }
            case "mode" -> mode = (int) number(key, value, 8, spec);
            case "uid" -> uid = number(key, value, 10, spec);
            case "gid" -> gid = number(key, value, 10, spec);
            case "size" -> {
              onlyFor(key, type, spec, "tmpfs");
              size = value;
            }
            case "env" -> env = value;
            default -> throw new DockerfileException(
                "unexpected key '" + key + "' in --mount=" + spec);
          }
        }
      }
    }
    // a bind, cache or tmpfs mount without a target is at the working directory (BuildKit
    // joins a relative target to it): the build engine resolves it
    if ((type.equals("bind") || type.equals("tmpfs")) && (mode != null || uid != null
        || gid != null)) {
      String what = mode != null ? "mode" : uid != null ? "uid" : "gid";
      throw new DockerfileException(what + " not allowed for \"" + type
          + "\" type mounts: --mount=" + spec);
    }
    if (sharing != null && !type.equals("cache")) {
      throw new DockerfileException("invalid cache sharing set for " + type + " mount: --mount="
          + spec);
    }
    if (type.equals("secret") && from != null) {
      throw new DockerfileException("secret mount should not have a from: --mount=" + spec);
    }
    if (type.equals("cache") && sharing == null) {
      sharing = "shared";
    }
    if (type.equals("cache") && id == null) {
      id = target == null ? "." : target;
    }
    if (type.equals("secret") && target == null && id == null && env == null) {
      throw new DockerfileException("secret mount needs an id or a target: --mount=" + spec);
    }
    boolean ro = readOnly != null ? readOnly : type.equals("bind");
    return new RunMount(spec, type, target, source, from, ro, id, sharing, mode, uid, gid,
        required, size, env);
  }

  /** BuildKit refuses some keys on other mount types than theirs. */
  private static void onlyFor(String key, String type, String spec, String... types) {
    if (!List.of(types).contains(type)) {
      throw new DockerfileException("unexpected key '" + key + "' for mount type '" + type
          + "': --mount=" + spec);
    }
  }

  private static boolean bool(String key, String value, String spec) {
    if (value == null || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new DockerfileException(
        "invalid value for " + key + ": \"" + value + "\" in --mount=" + spec);
  }

  private static long number(String key, String value, int radix, String spec) {
    try {
      return Long.parseUnsignedLong(value, radix);
    } catch (NumberFormatException e) {
      throw new DockerfileException(
          "invalid value for " + key + ": \"" + value + "\" in --mount=" + spec);
    }
  }

  /** Splits on commas outside double quotes; a doubled quote inside quotes is one quote. */
  static List<String> csvFields(String spec) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new DockerfileException("unterminated quote in --mount=" + spec);
    }
    fields.add(field.toString());
    fields.removeIf(String::isEmpty);
    return fields;
  }
}
