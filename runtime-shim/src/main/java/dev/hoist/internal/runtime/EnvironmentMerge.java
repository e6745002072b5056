package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a container as Docker builds it: the image's {@code Env}, then
 * {@code --env-file} lines, then {@code -e} options, each replacing earlier values of a name;
 * {@code -e NAME} (no {@code =}) takes NAME's value from the host and is dropped when the host
 * has none. Then {@code PATH} (when unset), {@code HOSTNAME}, {@code HOME} (when unset, from the
 * user's passwd entry) and, with a terminal, {@code TERM=xterm}.
 */
public final class EnvironmentMerge {
  static final String DEFAULT_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Map<String, String> host;
  private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

  public EnvironmentMerge(Map<String, String> host) {
    this.host = Map.copyOf(host);
  }

  /** Entries of the image's config ({@code NAME=value}). */
  public EnvironmentMerge image(List<String> env) {
    if (env != null) {
      env.forEach(this::option);
    }
    return this;
  }

  /** One {@code -e} option: {@code NAME=value}, or {@code NAME} to copy the host's value. */
  public EnvironmentMerge option(String entry) {
    int eq = entry.indexOf('=');
    if (eq == 0 || entry.isBlank()) {
      throw new IllegalArgumentException("invalid environment variable: '" + entry + "'");
    }
    if (eq < 0) {
      String value = host.get(entry);
      if (value != null) {
        values.put(entry, value);
      }
      return this;
    }
    values.put(entry.substring(0, eq), entry.substring(eq + 1));
    return this;
  }

  /** An {@code --env-file}: one entry per line, {@code #} comments and blank lines skipped. */
  public EnvironmentMerge file(Path file) throws IOException {
    fileEntries(file).forEach(this::option);
    return this;
  }

  /**
   * The entries of an {@code --env-file}, as {@code -e} options ({@code NAME=value}, or
   * {@code NAME} alone); an {@link IllegalArgumentException} for a name with whitespace.
   */
  public static List<String> fileEntries(Path file) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String entry = line.stripLeading();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        entry = entry.strip();
      }
      if (entry.chars().anyMatch(Character::isWhitespace) && (eq < 0
          || entry.substring(0, eq).chars().anyMatch(Character::isWhitespace))) {
        throw new IllegalArgumentException(file + ": variable '" + entry.split("=", 2)[0]
            + "' contains whitespaces");
      }
      entries.add(entry);
    }
    return entries;
  }

  /** The final list, with the entries Docker adds. */
  public List<String> build(String hostname, String home, boolean tty) {
    LinkedHashMap<String, String> all = new LinkedHashMap<>();
    all.put("PATH", DEFAULT_PATH.substring(5));
    all.putAll(values);
    if (hostname != null) {
      all.put("HOSTNAME", hostname);
    }
    if (tty && !all.containsKey("TERM")) {
      all.put("TERM", "xterm");
    }
    if (!all.containsKey("HOME")) {
      all.put("HOME", home == null || home.isEmpty() ? "/" : home);
    }
    List<String> env = new ArrayList<>();
    all.forEach((k, v) -> env.add(k + "=" + v));
    return env;
  }
}
