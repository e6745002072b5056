package dev.hoist.dockerfile.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What BuildKit gives every stage's image whatever its base: {@code FROM scratch} starts with the
 * working directory {@code /} and the default {@code PATH}, and a base image without a
 * {@code PATH} gets the default one in its config ("make sure that PATH is always set", Linux).
 */
public final class ImageDefaults {
  /** BuildKit's {@code system.DefaultPathEnv} for Linux. */
  public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** The working directory of an image from scratch. */
  public static final String WORKING_DIR = "/";

  private ImageDefaults() {}

  /**
   * An environment (name to value) with {@code PATH} added at its end when it has none.
   *
   * @param env the environment
   * @return the environment with {@code PATH}
   */
  public static Map<String, String> withPath(Map<String, String> env) {
    if (env.containsKey("PATH")) {
      return env;
    }
    Map<String, String> out = new LinkedHashMap<>(env);
    out.put("PATH", PATH);
    return out;
  }

  /**
   * An image config's {@code Env} list with {@code PATH=…} added at its end when it has none.
   *
   * @param env the entries, or null
   * @return the entries with {@code PATH}
   */
  public static List<String> withPath(List<String> env) {
    List<String> list = env == null ? List.of() : env;
    if (list.stream().anyMatch(e -> e.startsWith("PATH="))) {
      return list;
    }
    List<String> out = new java.util.ArrayList<>(list);
    out.add("PATH=" + PATH);
    return out;
  }
}
