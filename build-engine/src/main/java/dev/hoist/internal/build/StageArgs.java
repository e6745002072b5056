package dev.hoist.internal.build;

import dev.hoist.dockerfile.instructions.Arg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build args of one stage as BuildKit keeps them: the ARGs declared so far in order (a base
 * stage's first, as a stage built FROM another inherits them), and which ARG values are newer
 * than the ENV of the same name. A RUN step's environment is the image's {@code Env} with those
 * ARG values over it (the later of an ENV and an ARG wins, as in BuildKit's state), and its
 * history line starts with BuildKit's {@code |N NAME=value…} prefix.
 */
final class StageArgs {
  private final Map<String, String> declared = new LinkedHashMap<>();
  private final Map<String, String> overEnv = new LinkedHashMap<>();

  StageArgs() {}

  StageArgs(StageArgs base) {
    declared.putAll(base.declared);
    overEnv.putAll(base.overEnv);
  }

  /** An ARG: each declaration with the value the stage resolver gave it (null: none). */
  void declare(Arg arg) {
    for (Arg.Declaration d : arg.declarations()) {
      declared.put(d.name(), d.value());
      if (d.value() != null) {
        overEnv.put(d.name(), d.value());
      }
    }
  }

  /** An ENV of this name: from now on it wins over an earlier ARG of the same name. */
  void envSet(String name) {
    overEnv.remove(name);
  }

  /** The declared args that have a value, by name (what a RUN's cache key depends on). */
  Map<String, String> withValues() {
    Map<String, String> out = new TreeMap<>();
    declared.forEach((name, value) -> {
      if (value != null) {
        out.put(name, value);
      }
    });
    return out;
  }

  /** The environment of a RUN: the image's {@code Env} with newer ARG values over it. */
  List<String> runEnvironment(List<String> imageEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : imageEnv == null ? List.<String>of() : imageEnv) {
      int eq = entry.indexOf('=');
      env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    env.putAll(overEnv);
    List<String> out = new ArrayList<>();
    env.forEach((name, value) -> out.add(name + "=" + value));
    return out;
  }

  /**
   * BuildKit's {@code runCommandString} prefix: {@code |N} and each declared arg as
   * {@code NAME=value} with its value in the RUN's environment (else as declared, else empty),
   * then a space; empty when no ARG was declared.
   */
  String historyPrefix(List<String> runEnvironment) {
    if (declared.isEmpty()) {
      return "";
    }
    StringBuilder prefix = new StringBuilder("|").append(declared.size());
    declared.forEach((name, value) -> {
      String shown = value == null ? "" : value;
      for (String entry : runEnvironment) {
        if (entry.startsWith(name + "=")) {
          shown = entry.substring(name.length() + 1);
        }
      }
      prefix.append(' ').append(name).append('=').append(shown);
    });
    return prefix.append(' ').toString();
  }
}
