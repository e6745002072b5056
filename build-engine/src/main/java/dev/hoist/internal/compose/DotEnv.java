package dev.hoist.internal.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .env} or {@code env_file} file: {@code NAME=VALUE} lines, {@code #} comments and
 * blank lines skipped, an optional {@code export } prefix, values in single quotes taken as
 * they are, in double quotes with {@code \n}, {@code \"} and {@code \\} escapes, unquoted ones
 * up to a {@code " #"} comment and trimmed. A line {@code NAME} alone has no value (null).
 */
public final class DotEnv {
  private DotEnv() {}

  /** The variables of {@code file}, in order; a malformed line names the file and line. */
  public static Map<String, String> read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static Map<String, String> parse(String where, List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      String name = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new ComposeException(where + ":" + (n + 1) + ": invalid variable line \""
            + lines.get(n) + "\"");
      }
      out.put(name, eq < 0 ? null : value(line.substring(eq + 1).strip()));
    }
    return out;
  }

  private static String value(String raw) {
    if (raw.length() >= 2 && raw.startsWith("'") && raw.indexOf('\'', 1) > 0) {
      return raw.substring(1, raw.indexOf('\'', 1));
    }
    if (raw.length() >= 2 && raw.startsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char e = raw.charAt(++i);
          out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
          out.append(c);
        }
      }
      return raw; // unterminated: as written
    }
    int comment = raw.indexOf(" #");
    return (comment < 0 ? raw : raw.substring(0, comment)).strip();
  }
}
