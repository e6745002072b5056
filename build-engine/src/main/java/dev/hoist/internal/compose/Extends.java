package dev.hoist.internal.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code extends}: a service built on another ({@code extends: web} or {@code extends:
 * {service: web, file: common.yaml}}), the base's tree merged under the service's as files
 * merge ({@link ComposeMerge#service}); bases extend further, across files; a loop is named.
 * Another file's relative paths are its own directory's.
 */
final class Extends {
  private final Where where;
  private final Function<YamlDocument, Map<String, Object>> reader;
  private final Map<Path, Map<String, Map<String, Object>>> otherFiles = new HashMap<>();

  Extends(Where where, Function<YamlDocument, Map<String, Object>> reader) {
    this.where = where;
    this.reader = reader;
  }

  /** Every service of {@code services} (of the project's files, the first {@code file}). */
  void apply(Map<String, Map<String, Object>> services, Path file) {
    Map<String, Map<String, Object>> done = new LinkedHashMap<>();
    for (String name : services.keySet()) {
      done.put(name, resolve(file, services, name, new ArrayList<>()));
    }
    services.putAll(done);
  }

  private Map<String, Object> resolve(Path file, Map<String, Map<String, Object>> services,
      String name, List<String> chain) {
    Map<String, Object> service = services.get(name);
    String at = "services." + name + ".extends";
    String link = file.getFileName() + ":" + name;
    if (chain.contains(link)) {
      chain.add(link);
      throw where.error(at, "extends loop: " + String.join(" -> ", chain));
    }
    chain.add(link);
    Object ext = service.get("extends");
    if (ext == null) {
      return service;
    }
    String baseName;
    Path baseFile = file;
    Map<String, Map<String, Object>> baseServices = services;
    if (ext instanceof String s) {
      baseName = s;
    } else if (ext instanceof Map<?, ?> m) {
      Map<String, Object> e = ComposeMerge.cast(m);
      new Keys(java.util.Set.of("service", "file")).check(e, at, where);
      if (e.get("service") == null) {
        throw where.error(at + ".service", "required");
      }
      baseName = String.valueOf(e.get("service"));
      if (e.get("file") != null) {
        baseFile = file.getParent().resolve(String.valueOf(e.get("file"))).normalize();
        baseServices = servicesOf(baseFile, at);
      }
    } else {
      throw where.error(at, "must be a service name or a mapping");
    }
    if (!baseServices.containsKey(baseName)) {
      throw where.error(at, "cannot extend service \"" + baseName + "\": no such service in "
          + baseFile);
    }
    Map<String, Object> base = resolve(baseFile, baseServices, baseName, chain);
    Map<String, Object> own = new LinkedHashMap<>(service);
    own.remove("extends");
    return ComposeMerge.service(base, own);
  }

  private Map<String, Map<String, Object>> servicesOf(Path file, String at) {
    Map<String, Map<String, Object>> cached = otherFiles.get(file);
    if (cached != null) {
      return cached;
    }
    if (!Files.isRegularFile(file)) {
      throw where.error(at + ".file", "file not found: " + file);
    }
    Map<String, Object> tree;
    try {
      tree = reader.apply(YamlDocument.read(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RelativePaths.resolveAll(tree, file.getParent());
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (tree.get("services") instanceof Map<?, ?> services) {
      services.forEach((k, v) -> out.put((String) k,
          v instanceof Map<?, ?> m ? ComposeMerge.cast(m) : new LinkedHashMap<>()));
    }
    otherFiles.put(file, out);
    return out;
  }
}
