package dev.hoist.internal.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * File-based {@code secrets} and {@code configs}: the top-level definitions ({@code NAME: {file:
 * PATH}}) and each service's uses (short {@code NAME} or long {@code {source, target}}) read
 * into read-only bind mounts of the service, before the service is read: a secret at
 * {@code /run/secrets/NAME} (or {@code target}, relative to it), a config at {@code /NAME} (or
 * {@code target}). Secrets from the environment, configs from {@code content}, {@code external}
 * ones and {@code uid}/{@code gid}/{@code mode} (a bind mount keeps the file's owner and mode)
 * are refused.
 */
final class FileMounts {
  private static final Keys DEFINITION_KEYS = new Keys(Set.of("file", "name"), Set.of(
      "external", "environment", "content", "template_driver", "driver", "driver_opts",
      "labels"));
  private static final Keys USE_KEYS = new Keys(Set.of("source", "target"), Set.of("uid",
      "gid", "mode"));

  private final Map<String, String> secrets;
  private final Map<String, String> configs;
  private final Where where;

  FileMounts(Map<String, Object> merged, Path projectDir, Where where) {
    this.where = where;
    this.secrets = files(merged.get("secrets"), "secrets", projectDir);
    this.configs = files(merged.get("configs"), "configs", projectDir);
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

  private Map<String, String> files(Object value, String kind, Path projectDir) {
    Map<String, String> out = new LinkedHashMap<>();
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
      DEFINITION_KEYS.check(ComposeMerge.cast(definition), at, where);
      if (!(definition.get("file") instanceof String file)) {
        throw where.error(at, "only file-based " + kind + " are supported: give file");
      }
      Path path = projectDir.resolve(file.startsWith("~")
          ? System.getProperty("user.home") + file.substring(1) : file).normalize();
      if (!Files.exists(path)) {
        throw where.error(at + ".file", "file " + path + " not found");
      }
      out.put(String.valueOf(e.getKey()), path.toString());
    }
    return out;
  }

  /** The service tree with its {@code secrets} and {@code configs} as bind {@code volumes}. */
  Map<String, Object> apply(String service, Map<String, Object> tree) {
    if (!tree.containsKey("secrets") && !tree.containsKey("configs")) {
      return tree;
    }
    Map<String, Object> out = new LinkedHashMap<>(tree);
    List<Object> volumes = new ArrayList<>();
    if (out.get("volumes") instanceof List<?> existing) {
      volumes.addAll(existing);
    }
    String at = "services." + service;
    add(out.remove("secrets"), "secrets", secrets, "/run/secrets/", at, volumes);
    add(out.remove("configs"), "configs", configs, "/", at, volumes);
    out.put("volumes", volumes);
    return out;
  }

  private void add(Object uses, String kind, Map<String, String> defined, String base,
      String service, List<Object> volumes) {
    if (uses == null) {
      return;
    }
    String at = service + "." + kind;
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
      String path = target == null ? base + source
          : target.startsWith("/") ? target : base + target;
      Map<String, Object> mount = new LinkedHashMap<>();
      mount.put("type", "bind");
      mount.put("source", defined.get(source));
      mount.put("target", path);
      mount.put("read_only", true);
      volumes.add(mount);
    }
  }
}
