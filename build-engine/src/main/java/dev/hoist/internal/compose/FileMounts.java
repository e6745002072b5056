package dev.hoist.internal.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code secrets} and {@code configs}: the top-level definitions ({@code NAME: {file: PATH}},
 * a secret also {@code {environment: VAR}}) and each service's uses (short {@code NAME} or long
 * {@code {source, target}}) read, before the service is read, into read-only bind mounts of
 * the service (file-based ones: a secret at {@code /run/secrets/NAME} (or {@code target},
 * relative to it), a config at {@code /NAME} (or {@code target})) and into its {@code build}
 * section's {@code secrets} (a file or a variable each, by the use's {@code target} or name as
 * the build's secret id). A container's secrets and configs from a variable ({@code
 * environment}: the project's variables, read when the project is loaded) or a config's
 * {@code content} become {@link Applied#files}, which {@code up} writes to read-only files of
 * its own and mounts the same way. {@code external} ones and {@code uid}/{@code gid}/
 * {@code mode} (a bind mount keeps the file's owner and mode) are refused.
 */
final class FileMounts {
  private static final Keys SECRET_KEYS = new Keys(Set.of("file", "name", "environment"),
      Set.of("external", "content", "template_driver", "driver", "driver_opts", "labels"));
  private static final Keys CONFIG_KEYS = new Keys(Set.of("file", "name", "environment",
      "content"), Set.of("external", "template_driver", "driver", "driver_opts", "labels"));
  private static final Keys USE_KEYS = new Keys(Set.of("source", "target"), Set.of("uid",
      "gid", "mode"));

  /**
   * A top-level definition: a file (absolute), an environment variable or (a config) its
   * {@code content}; one of the three.
   */
  private record Definition(String at, String file, String environment, String content) {}

  /**
   * A service tree with its secrets and configs as bind {@code volumes}, and the files made of
   * a variable's value or a {@code content} ({@code files}: container path → content).
   */
  record Applied(Map<String, Object> tree, Map<String, String> files) {}

  private final Map<String, Definition> secrets;
  private final Map<String, Definition> configs;
  private final Where where;
  private final java.util.function.Function<String, String> variables;

  FileMounts(Map<String, Object> merged, Path projectDir, Where where,
      java.util.function.Function<String, String> variables) {
    this.where = where;
    this.variables = variables;
    this.secrets = definitions(merged.get("secrets"), "secrets", projectDir);
    this.configs = definitions(merged.get("configs"), "configs", projectDir);
  }

  /** The top-level definitions' relative {@code file}s of one file made {@code dir}'s. */
  static void resolveFiles(Map<String, Object> tree, Path dir) {
    for (String kind : List.of("secrets", "configs")) {
      if (!(tree.get(kind) instanceof Map<?, ?> definitions)) {
        continue;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      definitions.forEach((k, v) -> {
        if (v instanceof Map<?, ?> d && d.get("file") instanceof String file
            && !file.startsWith("~")) {
          Map<String, Object> copy = new LinkedHashMap<>(ComposeMerge.cast(d));
          copy.put("file", dir.resolve(file).normalize().toString());
          out.put(String.valueOf(k), copy);
        } else {
          out.put(String.valueOf(k), v);
        }
      });
      tree.put(kind, out);
    }
  }

  private Map<String, Definition> definitions(Object value, String kind, Path projectDir) {
    Map<String, Definition> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw where.error(kind, "must be a mapping");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String at = kind + "." + e.getKey();
      if (!(e.getValue() instanceof Map<?, ?> definition)) {
        throw where.error(at, "must be a mapping with file");
      }
      (kind.equals("secrets") ? SECRET_KEYS : CONFIG_KEYS)
          .check(ComposeMerge.cast(definition), at, where);
      long given = java.util.stream.Stream.of("file", "environment", "content")
          .filter(definition::containsKey).count();
      if (given > 1) {
        throw where.error(at, kind.equals("secrets") ? "file and environment are mutually "
            + "exclusive" : "file, environment and content are mutually exclusive");
      }
      if (definition.get("environment") != null || definition.get("content") != null) {
        out.put(String.valueOf(e.getKey()), new Definition(at, null,
            definition.get("environment") == null ? null
                : String.valueOf(definition.get("environment")),
            definition.get("content") == null ? null
                : String.valueOf(definition.get("content"))));
        continue;
      }
      if (!(definition.get("file") instanceof String file)) {
        throw where.error(at, kind.equals("secrets") ? "give file or environment"
            : "give file, environment or content");
      }
      Path path = projectDir.resolve(file.startsWith("~")
          ? System.getProperty("user.home") + file.substring(1) : file).normalize();
      if (!Files.exists(path)) {
        throw where.error(at + ".file", "file " + path + " not found");
      }
      out.put(String.valueOf(e.getKey()), new Definition(at, path.toString(), null, null));
    }
    return out;
  }

  /**
   * The service tree with its {@code secrets} and {@code configs} as bind {@code volumes}, its
   * {@code build.secrets} as {@code {source, target, file|environment}} mappings.
   */
  Applied apply(String service, Map<String, Object> tree) {
    if (tree.get("build") instanceof Map<?, ?> build && build.containsKey("secrets")) {
      Map<String, Object> b = new LinkedHashMap<>(ComposeMerge.cast(build));
      b.put("secrets", buildSecrets(b.get("secrets"), "services." + service + ".build"));
      tree = new LinkedHashMap<>(tree);
      tree.put("build", b);
    }
    if (!tree.containsKey("secrets") && !tree.containsKey("configs")) {
      return new Applied(tree, Map.of());
    }
    Map<String, Object> out = new LinkedHashMap<>(tree);
    Map<String, String> files = new LinkedHashMap<>();
    List<Object> volumes = new ArrayList<>();
    if (out.get("volumes") instanceof List<?> existing) {
      volumes.addAll(existing);
    }
    String at = "services." + service;
    add(out.remove("secrets"), "secrets", secrets, "/run/secrets/", at, volumes, files);
    add(out.remove("configs"), "configs", configs, "/", at, volumes, files);
    out.put("volumes", volumes);
    return new Applied(out, files);
  }

  private void add(Object uses, String kind, Map<String, Definition> defined, String base,
      String service, List<Object> volumes, Map<String, String> files) {
    String at = service + "." + kind;
    for (Use use : uses(uses, kind, defined, at)) {
      Definition d = defined.get(use.source());
      String path = use.target() == null ? base + use.source()
          : use.target().startsWith("/") ? use.target() : base + use.target();
      if (d.file() == null) {
        String value = d.content() != null ? d.content() : variables.apply(d.environment());
        if (value == null) {
          throw where.error(d.at() + ".environment", "variable " + d.environment()
              + " is not set (" + use.at() + " uses it)");
        }
        files.put(path, value);
        continue;
      }
      Map<String, Object> mount = new LinkedHashMap<>();
      mount.put("type", "bind");
      mount.put("source", d.file());
      mount.put("target", path);
      mount.put("read_only", true);
      volumes.add(mount);
    }
  }

  /** {@code build.secrets}: each use with its definition's file, or variable and its value. */
  private List<Object> buildSecrets(Object uses, String build) {
    List<Object> out = new ArrayList<>();
    for (Use use : uses(uses, "secrets", secrets, build + ".secrets")) {
      Definition d = secrets.get(use.source());
      Map<String, Object> secret = new LinkedHashMap<>();
      secret.put("source", use.source());
      secret.put("target", use.target() != null ? use.target() : use.source());
      secret.put(d.file() != null ? "file" : "environment",
          d.file() != null ? d.file() : d.environment());
      if (d.file() == null) {
        secret.put("value", variables.apply(d.environment()));
      }
      out.add(secret);
    }
    return out;
  }

  /** One use of a top-level definition: its key path, source and target (null: default). */
  private record Use(String at, String source, String target) {}

  private List<Use> uses(Object uses, String kind, Map<String, Definition> defined,
      String at) {
    List<Use> out = new ArrayList<>();
    if (uses == null) {
      return out;
    }
    if (!(uses instanceof List<?> list)) {
      throw where.error(at, "must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      String item = at + "[" + i + "]";
      String source;
      String target = null;
      if (list.get(i) instanceof String s) {
        source = s;
      } else if (list.get(i) instanceof Map<?, ?> m) {
        USE_KEYS.check(ComposeMerge.cast(m), item, where);
        if (!(m.get("source") instanceof String s)) {
          throw where.error(item + ".source", "is required");
        }
        source = s;
        target = m.get("target") == null ? null : String.valueOf(m.get("target"));
      } else {
        throw where.error(item, "must be a name or a mapping with source");
      }
      if (!defined.containsKey(source)) {
        throw where.error(item, kind.substring(0, kind.length() - 1) + " \"" + source
            + "\" is not declared in the top-level " + kind);
      }
      out.add(new Use(item, source, target));
    }
    return out;
  }
}
