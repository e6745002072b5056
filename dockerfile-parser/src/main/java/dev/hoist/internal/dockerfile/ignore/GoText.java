package dev.hoist.internal.dockerfile.ignore;

import dev.hoist.internal.dockerfile.text.GoStrings;

/**
 * The two pieces of Go's standard library that shape how Docker reads ignore patterns:
 * {@code strings.TrimSpace} (from {@link GoStrings}) and {@code path.Clean} (which is what {@code filepath.Clean} does on
 * a system whose separator is {@code /}).
 */
final class GoText {
  private GoText() {}

  /** Go's {@code strings.TrimSpace}. */
  static String trimSpace(String s) {
    return GoStrings.trimSpace(s);
  }

  /**
   * Go's {@code path.Clean}: collapses repeated slashes, drops {@code .} elements, resolves
   * {@code ..} against the element before it (or drops it right after a leading {@code /}), and
   * removes any trailing slash. The empty string becomes {@code "."}. A path that is already
   * clean is returned as is, without copying.
   */
  static String cleanPath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    if (isClean(path)) {
      return path;
    }
    int n = path.length();
    boolean rooted = path.charAt(0) == '/';
    StringBuilder out = new StringBuilder(n);
    int r = 0;
    int dotdot = 0; // out may not be backtracked before this index
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      if (path.charAt(r) == '/') {
        r++;
      } else if (path.charAt(r) == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++;
      } else if (path.charAt(r) == '.'
          && path.charAt(r + 1) == '.'
          && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2;
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (out.length() > 0) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if (rooted ? out.length() != 1 : out.length() != 0) {
          out.append('/');
        }
        while (r < n && path.charAt(r) != '/') {
          out.append(path.charAt(r++));
        }
      }
    }
    return out.length() == 0 ? "." : out.toString();
  }

  /** True when {@link #cleanPath} would return the path unchanged. */
  private static boolean isClean(String path) {
    int n = path.length();
    if (n == 0) {
      return false;
    }
    if (n == 1) {
      return true; // "/", "." and any single character are already clean
    }
    if (path.charAt(n - 1) == '/') {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || path.charAt(i) == '/') {
        int len = i - segmentStart;
        if (len == 0 && i != 0) {
          return false; // "//"
        }
        if (len == 1 && path.charAt(segmentStart) == '.') {
          return false;
        }
        if (len == 2 && path.startsWith("..", segmentStart)) {
          // ".." is kept only in a leading run of ".." elements of a relative path
          if (segmentStart == 0 ? false : !onlyDotDotBefore(path, segmentStart)) {
            return false;
          }
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  private static boolean onlyDotDotBefore(String path, int end) {
    if (path.charAt(0) == '/') {
      return false;
    }
    for (int i = 0; i < end; i += 3) {
      if (!path.startsWith("../", i)) {
        return false;
      }
    }
    return true;
  }
}
