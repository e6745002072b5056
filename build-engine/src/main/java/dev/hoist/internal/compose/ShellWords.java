package dev.hoist.internal.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@code command} or {@code entrypoint} given as one string, split into words as Compose
 * does (POSIX shell rules without expansion: blanks separate, single quotes keep everything,
 * double quotes keep all but {@code \"} and {@code \\}, a backslash outside quotes escapes).
 */
final class ShellWords {
  private ShellWords() {}

  static List<String> split(String text, Function<String, RuntimeException> error) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw error.apply("unterminated single quote in \"" + text + "\"");
        }
        word.append(text, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < text.length() && text.charAt(j) != '"'; j++) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
            word.append(text.charAt(++j));
          } else {
            word.append(d);
          }
        }
        if (j >= text.length()) {
          throw error.apply("unterminated double quote in \"" + text + "\"");
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
