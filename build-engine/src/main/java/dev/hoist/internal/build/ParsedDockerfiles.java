package dev.hoist.internal.build;

import dev.hoist.dockerfile.Dockerfile;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Dockerfiles one {@code build} call parsed, by name and text: a multi-platform build's
 * platforms and its {@link SharedStages} parse theirs once, the others waiting for that parse
 * (a parsed {@link Dockerfile} is immutable). A parse that fails is not kept: each caller gets
 * its error.
 */
final class ParsedDockerfiles {
  private final Map<String, Dockerfile> parsed = new ConcurrentHashMap<>();

  Dockerfile parse(String text, String fileName) {
    return parsed.computeIfAbsent(fileName + '\0' + text, key -> Dockerfile.parse(text, fileName));
  }
}
