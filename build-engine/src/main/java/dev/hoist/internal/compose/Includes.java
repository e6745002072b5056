package dev.hoist.internal.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-level {@code include}: each entry ({@code PATH}, or {@code {path, project_directory,
 * env_file}}) loaded as a project of its own (its relative paths its own directory's, its
 * variables its own {@code .env} or {@code env_file}s and the environment), and its services,
 * networks, volumes, secrets and configs added to the including project's; a name both define
 * is refused, as Compose does.
 */
final class Includes {
  private static final Keys KEYS = new Keys(Set.of("path", "project_directory", "env_file"));
  private static final List<String> SECTIONS = List.of("services", "networks", "volumes",
      "secrets", "configs");

  /** The files being included on this thread, outermost first: a cycle is one error. */
  private static final ThreadLocal<List<Path>> LOADING = ThreadLocal.withInitial(ArrayList::new);

  private Includes() {}

  /** {@code merged} without its {@code include}, with what the included files define. */
  static Map<String, Object> apply(Map<String, Object> merged, ProjectOptions options,
      Path projectDir, Where where) throws IOException {
    Object value = merged.get("include");
    Map<String, Object> out = new LinkedHashMap<>(merged);
    out.remove("include");
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      throw where.error("include", "must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "include[" + i + "]";
      List<Path> paths = new ArrayList<>();
      Path dir = null;
      List<Path> envFiles = new ArrayList<>();
      if (list.get(i) instanceof String p) {
        paths.add(projectDir.resolve(p).normalize());
      } else if (list.get(i) instanceof Map<?, ?> m) {
        KEYS.check(ComposeMerge.cast(m), at, where);
        strings(m.get("path"), at + ".path", where)
            .forEach(p -> paths.add(projectDir.resolve(p).normalize()));
        if (m.get("project_directory") != null) {
          dir = projectDir.resolve(String.valueOf(m.get("project_directory"))).normalize();
        }
        strings(m.get("env_file"), at + ".env_file", where)
            .forEach(p -> envFiles.add(projectDir.resolve(p).normalize()));
      } else {
        throw where.error(at, "must be a path or a mapping with path");
      }
      if (paths.isEmpty()) {
        throw where.error(at + ".path", "is required");
      }
      ProjectOptions included = new ProjectOptions(paths, null,
          dir != null ? dir : paths.get(0).getParent(), envFiles, options.profiles(),
          projectDir, options.environment(), options.interpolate());
      List<Path> including = LOADING.get();
      for (Path p : paths) {
        if (including.contains(p)) {
          throw where.error(at, "include cycle: " + p + " includes itself through "
              + including);
        }
      }
      including.addAll(paths);
      Map<String, Object> tree;
      try {
        tree = new ProjectLoader(included).tree();
      } finally {
        including.subList(including.size() - paths.size(), including.size()).clear();
      }
      for (String section : SECTIONS) {
        if (!(tree.get(section) instanceof Map<?, ?> added)) {
          continue;
        }
        Map<String, Object> into = out.get(section) instanceof Map<?, ?> existing
            ? new LinkedHashMap<>(ComposeMerge.cast(existing)) : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : added.entrySet()) {
          String key = String.valueOf(e.getKey());
          if (into.containsKey(key)) {
            throw where.error(at, section + "." + key + " is defined both by this project "
                + "and by the included " + paths.get(0));
          }
          into.put(key, e.getValue());
        }
        out.put(section, into);
      }
    }
    return out;
  }

  private static List<String> strings(Object value, String at, Where where) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return List.of(s);
    }
    if (value instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      l.forEach(v -> out.add(String.valueOf(v)));
      return out;
    }
    throw where.error(at, "must be a string or a list");
  }
}
