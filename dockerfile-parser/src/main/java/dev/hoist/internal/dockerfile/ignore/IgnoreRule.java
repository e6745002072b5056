package dev.hoist.internal.dockerfile.ignore;

import dev.hoist.dockerfile.DockerfileException;

/**
 * One line of an ignore file, ready to match: an exclusion, or an exception ({@code !}) that
 * re-includes what earlier lines excluded.
 *
 * @param exception whether the line started with {@code !}
 * @param pattern the cleaned pattern without its {@code !}
 * @param glob the compiled pattern
 */
record IgnoreRule(boolean exception, String pattern, Glob glob) {

  /**
   * Builds a rule the way patternmatcher's {@code New} treats each line: trimmed, skipped if
   * blank, cleaned with {@code filepath.Clean} (with any {@code !} still in front), then split
   * into its {@code !} and pattern.
   *
   * @return null for a blank line
   * @throws DockerfileException for a lone {@code !} or a malformed pattern
   */
  static IgnoreRule parse(String line) {
    String p = GoText.trimSpace(line);
    if (p.isEmpty()) {
      return null;
    }
    p = GoText.cleanPath(p);
    boolean exception = p.charAt(0) == '!';
    if (exception) {
      if (p.length() == 1) {
        throw new DockerfileException("illegal exclusion pattern: \"!\" in .dockerignore");
      }
      return new IgnoreRule(true, p.substring(1), GlobCompiler.compile(p.substring(1), p));
    }
    return new IgnoreRule(false, p, GlobCompiler.compile(p, p));
  }

  /** Whether this rule matches the path or one of its parent directories. */
  boolean matchesOrParentMatches(String path) {
    return glob.matchesOrParentMatches(path);
  }

  /**
   * The pattern without a trailing {@code /**} or {@code /*}, as BuildKit's walker uses it to
   * decide whether an exception could reach inside a directory.
   */
  String withoutTrailingGlob() {
    String p = pattern;
    if (p.endsWith("/**")) {
      p = p.substring(0, p.length() - 3);
    }
    if (p.endsWith("/*")) {
      p = p.substring(0, p.length() - 2);
    }
    return p;
  }

  /** The line as {@link DockerIgnore#patterns()} reports it. */
  @Override
  public String toString() {
    return exception ? "!" + pattern : pattern;
  }
}
