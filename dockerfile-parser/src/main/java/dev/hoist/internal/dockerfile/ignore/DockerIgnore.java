package dev.hoist.internal.dockerfile.ignore;

import dev.hoist.dockerfile.DockerfileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of a {@code .dockerignore} file, matched with Docker's semantics (moby/patternmatcher
 * as used by BuildKit).
 *
 * <ul>
 *   <li>Each line is a Go {@code filepath.Match} pattern ({@code *}, {@code ?}, {@code [a-z]},
 *       {@code [^a-z]}, {@code \} escapes) relative to the context root; {@code **} matches any
 *       number of directories, including none.
 *   <li>A path is excluded when it, or any of its parent directories, matches a pattern.
 *   <li>A line starting with {@code !} is an exception that re-includes what it matches; when
 *       several lines match, the last one wins.
 * </ul>
 *
 * <p>Patterns are compiled once; instances are immutable and safe to use from several threads.
 */
public final class DockerIgnore {
  private static final String IGNORE_FILE = ".dockerignore";
  private static final DockerIgnore EMPTY = new DockerIgnore(List.of());

  private final List<IgnoreRule> rules;
  private final List<String> patterns;
  private final boolean hasExceptions;
  /** Exceptions as BuildKit compares them with a directory, each ending in '/'; null if unusable. */
  private final List<String> exceptionPrefixes;

  private DockerIgnore(List<IgnoreRule> rules) {
    this.rules = List.copyOf(rules);
    this.patterns = rules.stream().map(IgnoreRule::toString).toList();
    this.hasExceptions = rules.stream().anyMatch(IgnoreRule::exception);
    this.exceptionPrefixes = exceptionPrefixes(rules);
  }

  /**
   * Parses the text of an ignore file.
   *
   * @throws DockerfileException if a line is a lone {@code !} or a malformed pattern (such as an
   *     unterminated {@code [}); the message quotes the pattern
   */
  public static DockerIgnore parse(String contents) {
    List<IgnoreRule> rules = new ArrayList<>();
    for (String line : IgnoreFileReader.readLines(contents)) {
      IgnoreRule rule = IgnoreRule.parse(line);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules.isEmpty() ? EMPTY : new DockerIgnore(rules);
  }

  /**
   * Reads an ignore file (as UTF-8). A file that does not exist gives an empty instance, which
   * excludes nothing.
   *
   * @throws DockerfileException if the file holds a malformed pattern
   */
  public static DockerIgnore read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Finds the ignore file that applies to a build, as BuildKit does: {@code <Dockerfile
   * name>.dockerignore} next to the Dockerfile if it exists (for example
   * {@code build/app.Dockerfile.dockerignore}), otherwise {@code .dockerignore} at the root of the
   * context, otherwise none.
   *
   * @param contextDir the build context directory
   * @param dockerfile the Dockerfile; a relative path is taken relative to {@code contextDir}; null
   *     to consider only the context's {@code .dockerignore}
   */
  public static DockerIgnore forContext(Path contextDir, Path dockerfile) throws IOException {
    if (dockerfile != null && dockerfile.getFileName() != null) {
      Path resolved = contextDir.resolve(dockerfile);
      Path specific = resolved.resolveSibling(resolved.getFileName() + IGNORE_FILE);
      if (Files.isRegularFile(specific)) {
        return read(specific);
      }
    }
    return read(contextDir.resolve(IGNORE_FILE));
  }

  /**
   * The patterns in file order, cleaned (so {@code /foo/} reads {@code foo}), exceptions with their
   * leading {@code !}.
   */
  public List<String> patterns() {
    return patterns;
  }

  /**
   * Whether a path is left out of the build context: the last pattern that matches the path or
   * one of its parent directories decides, and a path no pattern matches is kept. The context root
   * itself ({@code "."} or {@code ""}) is never excluded.
   *
   * @param relativePath a path relative to the context root, with {@code /} separators; it is
   *     cleaned first, so {@code ./a//b/} is the same as {@code a/b}
   */
  public boolean excludes(String relativePath) {
    String path = GoText.cleanPath(relativePath);
    if (rules.isEmpty() || path.equals(".")) {
      return false;
    }
    boolean excluded = false;
    for (IgnoreRule rule : rules) {
      // An exclusion cannot change an excluded path, nor an exception a kept one.
      if (rule.exception() != excluded) {
        continue;
      }
      if (rule.matchesOrParentMatches(path)) {
        excluded = !rule.exception();
      }
    }
    return excluded;
  }

  /**
   * Whether a walker may skip a whole directory without looking inside: the directory is excluded
   * and no exception could re-include anything below it. This is BuildKit's test, which is
   * conservative: as soon as any exception holds a wildcard (other than a trailing {@code /*} or
   * {@code /**}), no excluded directory is skipped; otherwise a directory is skipped unless some
   * exception names a path inside it (or the directory itself).
   *
   * <p>A directory that is excluded but not skippable is itself still excluded ({@link #excludes}
   * says so); only the entries below it that an exception re-includes are kept.
   *
   * @param relativeDir a directory relative to the context root, with {@code /} separators
   */
  public boolean canSkipDirectory(String relativeDir) {
    String dir = GoText.cleanPath(relativeDir);
    if (!excludes(dir)) {
      return false;
    }
    if (!hasExceptions) {
      return true;
    }
    if (exceptionPrefixes == null) {
      return false;
    }
    String dirSlash = dir + "/";
    for (String exception : exceptionPrefixes) {
      if (exception.startsWith(dirSlash)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "DockerIgnore" + patterns;
  }

  private static List<String> exceptionPrefixes(List<IgnoreRule> rules) {
    List<String> prefixes = new ArrayList<>();
    for (IgnoreRule rule : rules) {
      if (!rule.exception()) {
        continue;
      }
      String prefix = rule.withoutTrailingGlob();
      if (containsWildcard(prefix)) {
        return null;
      }
      prefixes.add(prefix + "/");
    }
    return List.copyOf(prefixes);
  }

  /** BuildKit's list of characters that make an exception more than a plain path prefix. */
  private static boolean containsWildcard(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if ("*[]?^\\".indexOf(pattern.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
