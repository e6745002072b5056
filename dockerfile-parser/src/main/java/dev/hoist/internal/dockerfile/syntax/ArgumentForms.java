package dev.hoist.internal.dockerfile.syntax;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.text.GoStrings;
import dev.hoist.dockerfile.KeyValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways BuildKit reads an instruction's arguments: exec (JSON array) form, whitespace
 * separated words, shell-style words with quotes kept, and ENV/LABEL key-value pairs.
 */
final class ArgumentForms {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgumentForms() {}

  /**
   * The strings of the JSON array the text is, or null when the text is not exactly one JSON
   * array (then it is shell form: text after the array, such as a comment, makes it so). A JSON
   * array holding anything but strings is an error, as in BuildKit.
   */
  static List<String> jsonArray(String rest) {
    String text = GoStrings.trimLeftSpace(rest);
    if (!text.startsWith("[")) {
      return null;
    }
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      List<String> values = new ArrayList<>();
      boolean onlyStrings = true;
      parser.nextToken(); // START_ARRAY
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          return null;
        }
        if (token == JsonToken.VALUE_STRING) {
          values.add(parser.getText());
        } else {
          onlyStrings = false;
          parser.skipChildren();
        }
      }
      // BuildKit decodes with json.Unmarshal: anything but blanks after the array makes the
      // whole text shell form (CMD ["a"] # note runs through the shell), before strings are checked
      if (!onlyJsonBlanks(text, (int) parser.getCurrentLocation().getCharOffset())) {
        return null;
      }
      if (!onlyStrings) {
        throw new DockerfileException(
            "when using JSON array syntax, arrays must be comprised of strings only");
      }
      return values;
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from a string", e);
    }
  }

  /** Whether only JSON's blanks (space, tab, CR, LF) follow {@code from}. */
  private static boolean onlyJsonBlanks(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  /** BuildKit's {@code reWhitespace.Split}: words separated by runs of blanks. */
  static List<String> whitespaceWords(String rest) {
    List<String> words = new ArrayList<>();
    if (rest.isEmpty()) {
      return words;
    }
    int start = 0;
    int i = 0;
    int n = rest.length();
    while (i < n) {
      if (InstructionLine.isBlank(rest.charAt(i))) {
        words.add(rest.substring(start, i));
        while (i < n && InstructionLine.isBlank(rest.charAt(i))) {
          i++;
        }
        start = i;
      } else {
        i++;
      }
    }
    words.add(rest.substring(start));
    return words;
  }

  /**
   * BuildKit's {@code parseWords}: words separated by unquoted whitespace, with quotes and
   * escape characters kept as written.
   */
  static List<String> shellWords(String rest, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    int n = rest.length();
    for (int pos = 0; pos < n; pos++) {
      char ch = rest.charAt(pos);
      if (!inWord && quote == 0) {
        if (GoStrings.isSpace(ch)) {
          continue;
        }
        inWord = true;
      }
      if (quote == 0) {
        if (GoStrings.isSpace(ch)) {
          if (blankOk || word.length() > 0) {
            words.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          inWord = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
        } else if (ch == escape) {
          if (pos + 1 == n) {
            continue; // an escape at the very end is dropped
          }
          word.append(ch);
          ch = rest.charAt(++pos);
        }
        word.append(ch);
        continue;
      }
      // inside quotes
      if (ch == quote) {
        quote = 0;
      } else if (ch == escape && quote != '\'') {
        if (pos + 1 == n) {
          continue;
        }
        word.append(ch);
        ch = rest.charAt(++pos);
      }
      word.append(ch);
    }
    if (inWord || quote != 0) {
      if (blankOk || word.length() > 0) {
        words.add(word.toString());
      }
    }
    return words;
  }

  /**
   * ENV and LABEL pairs: {@code key=value ...}, or the legacy {@code key value} when the first
   * word has no {@code =}. Values stay quoted as written.
   */
  static List<KeyValue> keyValuePairs(String rest, String instruction, char escape) {
    List<String> words = shellWords(rest, escape);
    List<KeyValue> pairs = new ArrayList<>();
    if (words.isEmpty()) {
      return pairs;
    }
    if (words.get(0).indexOf('=') < 0) {
      List<String> parts = splitOnce(rest);
      if (parts.size() < 2) {
        throw new DockerfileException(instruction + " must have two arguments");
      }
      pairs.add(new KeyValue(parts.get(0), parts.get(1), false));
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new DockerfileException("Syntax error - can't find = in \"" + word
            + "\". Must be of the form: name=value");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1), true));
    }
    return pairs;
  }

  private static List<String> splitOnce(String rest) {
    int i = 0;
    while (i < rest.length() && !InstructionLine.isBlank(rest.charAt(i))) {
      i++;
    }
    if (i == rest.length()) {
      return List.of(rest);
    }
    int j = i;
    while (j < rest.length() && InstructionLine.isBlank(rest.charAt(j))) {
      j++;
    }
    return List.of(rest.substring(0, i), rest.substring(j));
  }
}
