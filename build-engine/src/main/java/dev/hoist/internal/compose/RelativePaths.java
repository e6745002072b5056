package dev.hoist.internal.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file's relative paths made absolute against a directory (the project directory; an
 * {@code extends}ed file's own directory), before files merge: {@code build} (its context),
 * {@code env_file}, bind sources of {@code volumes} (short: a source starting with {@code .} or
 * {@code ~}; long: {@code type: bind}).
 */
final class RelativePaths {
  private RelativePaths() {}

  /** Every service of {@code tree} resolved against {@code dir}. */
  static void resolveAll(Map<String, Object> tree, Path dir) {
    if (tree.get("services") instanceof Map<?, ?> services) {
      for (Object s : services.values()) {
        if (s instanceof Map<?, ?> service) {
          resolve(ComposeMerge.cast(service), dir);
        }
      }
    }
  }

  /** One service's paths resolved against {@code dir}, in place. */
  static void resolve(Map<String, Object> service, Path dir) {
    Object build = service.get("build");
    if (build instanceof String context) {
      service.put("build", path(dir, context));
    } else if (build instanceof Map<?, ?> b && b.get("context") instanceof String context) {
      Map<String, Object> copy = new LinkedHashMap<>(ComposeMerge.cast(b));
      copy.put("context", path(dir, context));
      service.put("build", copy);
    } else if (build instanceof Map<?, ?> b && b.get("context") == null) {
      Map<String, Object> copy = new LinkedHashMap<>(ComposeMerge.cast(b));
      copy.put("context", dir.toString());
      service.put("build", copy);
    }
    Object envFile = service.get("env_file");
    if (envFile instanceof String f) {
      service.put("env_file", List.of(path(dir, f)));
    } else if (envFile instanceof List<?> files) {
      List<Object> out = new ArrayList<>();
      for (Object f : files) {
        if (f instanceof Map<?, ?> m && m.get("path") instanceof String p) {
          Map<String, Object> copy = new LinkedHashMap<>(ComposeMerge.cast(m));
          copy.put("path", path(dir, p));
          out.add(copy);
        } else {
          out.add(f instanceof String p ? path(dir, p) : f);
        }
      }
      service.put("env_file", out);
    }
    if (service.get("volumes") instanceof List<?> volumes) {
      List<Object> out = new ArrayList<>();
      for (Object v : volumes) {
        if (v instanceof String spec && isRelative(spec) && spec.contains(":")) {
          int colon = spec.indexOf(':');
          out.add(path(dir, spec.substring(0, colon)) + spec.substring(colon));
        } else if (v instanceof Map<?, ?> m && "bind".equals(m.get("type"))
            && m.get("source") instanceof String source) {
          Map<String, Object> copy = new LinkedHashMap<>(ComposeMerge.cast(m));
          copy.put("source", path(dir, source));
          out.add(copy);
        } else {
          out.add(v);
        }
      }
      service.put("volumes", out);
    }
  }

  private static boolean isRelative(String spec) {
    return spec.startsWith(".") || spec.startsWith("~");
  }

  private static String path(Path dir, String p) {
    if (p.startsWith("~")) {
      return Path.of(System.getProperty("user.home") + p.substring(1)).normalize().toString();
    }
    if (p.contains("://") || p.startsWith("git@")) {
      return p; // a remote build context
    }
    return dir.resolve(p).normalize().toString();
  }
}
