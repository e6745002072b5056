package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --flags} one instruction accepts, read from what was written as BuildKit's
 * {@code BFlags} reads them: unknown flags, missing values, bad booleans and repeated
 * single-valued flags are errors.
 */
final class Flags {
  private enum Kind { BOOL, STRING, STRINGS }

  private final String instruction;
  private final Map<String, Kind> declared = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  Flags(String instruction) {
    this.instruction = instruction;
  }

  Flags bool(String name) {
    declared.put(name, Kind.BOOL);
    return this;
  }

  Flags string(String name) {
    declared.put(name, Kind.STRING);
    return this;
  }

  Flags strings(String name) {
    declared.put(name, Kind.STRINGS);
    return this;
  }

  Flags parse(List<String> written) {
    for (String flag : written) {
      if (flag.equals("--")) {
        break;
      }
      if (!flag.startsWith("--")) {
        throw new DockerfileException("arg should start with -- : " + flag);
      }
      String body = flag.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      Kind kind = declared.get(name);
      if (kind == null) {
        throw new DockerfileException("unknown flag: --" + name + " for " + instruction
            + Suggestions.didYouMean("--" + name,
                declared.keySet().stream().map(known -> "--" + known).toList()));
      }
      if (values.containsKey(name) && kind != Kind.STRINGS) {
        throw new DockerfileException("duplicate flag specified: --" + name);
      }
      switch (kind) {
        case BOOL -> {
          if (value != null && value.isEmpty()) {
            throw new DockerfileException("missing a value on flag: --" + name);
          }
          String v = value == null ? "true" : value.toLowerCase(Locale.ROOT);
          if (!v.equals("true") && !v.equals("false")) {
            throw new DockerfileException(
                "expecting boolean value for flag --" + name + ", not: " + value);
          }
          values.put(name, List.of(v));
        }
        case STRING -> {
          if (value == null) {
            throw new DockerfileException("missing a value on flag: --" + name);
          }
          values.put(name, List.of(value));
        }
        case STRINGS -> {
          if (value == null) {
            throw new DockerfileException("missing a value on flag: --" + name);
          }
          values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        default -> throw new IllegalStateException();
      }
    }
    return this;
  }

  /** The value of a string flag, or null when absent. */
  String value(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(0);
  }

  boolean isSet(String name) {
    return values.containsKey(name);
  }

  /** Whether a boolean flag was given as true; false when absent. */
  boolean isTrue(String name) {
    List<String> v = values.get(name);
    return v != null && v.get(0).equals("true");
  }

  /** Every value given to a repeatable flag, in order. */
  List<String> values(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }
}
