package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.internal.dockerfile.text.GoStrings;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes the leading {@code --flag} words off an instruction's arguments, as BuildKit's
 * {@code extractBuilderFlags} does: quotes inside a flag are removed, a backslash escapes the
 * next character, and a lone {@code --} ends the flags.
 */
final class BuilderFlags {
  private BuilderFlags() {}

  /** The flags found and the arguments after them (trimmed). */
  record Extracted(List<String> flags, String rest) {}

  static Extracted extract(String line) {
    List<String> flags = new ArrayList<>();
    int pos = 0;
    int n = line.length();
    while (true) {
      while (pos < n && GoStrings.isSpace(line.charAt(pos))) {
        pos++;
      }
      if (pos >= n) {
        return new Extracted(flags, "");
      }
      if (line.charAt(pos) != '-' || pos + 1 >= n || line.charAt(pos + 1) != '-') {
        return new Extracted(flags, GoStrings.trimSpace(line.substring(pos)));
      }
      StringBuilder word = new StringBuilder();
      boolean quotedEmptyOk = false;
      char quote = 0;
      for (; pos < n; pos++) {
        char c = line.charAt(pos);
        if (quote == 0 && GoStrings.isSpace(c)) {
          break;
        }
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          quotedEmptyOk = true;
          continue;
        }
        if (quote != 0 && c == quote) {
          quote = 0;
          continue;
        }
        if (c == '\\') {
          if (pos + 1 == n) {
            continue;
          }
          c = line.charAt(++pos);
        }
        word.append(c);
      }
      String flag = word.toString();
      if (flag.equals("--")) {
        return new Extracted(flags, pos >= n ? "" : GoStrings.trimSpace(line.substring(pos)));
      }
      if (quotedEmptyOk || !flag.isEmpty()) {
        flags.add(flag);
      }
    }
  }
}
