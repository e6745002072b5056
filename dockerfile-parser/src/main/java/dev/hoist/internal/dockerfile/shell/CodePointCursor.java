package dev.hoist.internal.dockerfile.shell;

/**
 * A forward-only reader over the code points of a string with one code point of look-ahead,
 * mirroring the {@code Peek}/{@code Next} pair of Go's {@code text/scanner} that BuildKit uses.
 * Like that scanner it ignores a byte-order mark at the very start of the input.
 */
final class CodePointCursor {
  /** Returned by {@link #peek()} and {@link #next()} once the input is exhausted. */
  static final int EOF = -1;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String text;
  private int index;

  CodePointCursor(String text) {
    this.text = text;
    this.index = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
  }

  /** The next code point without consuming it, or {@link #EOF}. */
  int peek() {
    return index < text.length() ? text.codePointAt(index) : EOF;
  }

  /** Consumes and returns the next code point, or returns {@link #EOF} without moving. */
  int next() {
    if (index >= text.length()) {
      return EOF;
    }
    int cp = text.codePointAt(index);
    index += Character.charCount(cp);
    return cp;
  }

  boolean atEnd() {
    return index >= text.length();
  }
}
