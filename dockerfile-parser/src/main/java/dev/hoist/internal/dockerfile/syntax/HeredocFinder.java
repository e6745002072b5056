package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.internal.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the heredocs an instruction line opens, as BuildKit does: the line is split into
 * shell words (quotes and escapes kept), and each word of the form {@code [n]<<[-]NAME} opens
 * one. Only RUN, COPY and ADD (also under ONBUILD) open heredocs, and not in exec form.
 */
final class HeredocFinder {
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");
  private static final ShellLexer LINE_WORDS =
      new ShellLexer('\\').withRawQuotes(true).withRawEscapes(true);
  private static final ShellLexer NAME_WORDS = new ShellLexer('\\').withSkipUnsetEnv(true);
  private static final ShellLexer NAME_WORDS_RAW = NAME_WORDS.withRawQuotes(true);

  private HeredocFinder() {}

  static List<HeredocMarker> find(String line) {
    if (line.indexOf("<<") < 0 || !canContainHeredoc(line)) {
      return List.of();
    }
    List<String> words;
    try {
      words = LINE_WORDS.processWords(line, Map.of());
    } catch (RuntimeException e) {
      return List.of(); // BuildKit ignores a line its shell lexer cannot split
    }
    List<HeredocMarker> markers = new ArrayList<>();
    for (String word : words) {
      HeredocMarker marker = parseMarker(word);
      if (marker != null) {
        markers.add(marker);
      }
    }
    return markers;
  }

  private static boolean canContainHeredoc(String line) {
    String[] nameAndRest = InstructionLine.splitName(line);
    String name = nameAndRest[0].toLowerCase(Locale.ROOT);
    if (name.equals("onbuild")) {
      return true;
    }
    if (!HEREDOC_INSTRUCTIONS.contains(name)) {
      return false;
    }
    String args = BuilderFlags.extract(nameAndRest[1]).rest();
    return ArgumentForms.jsonArray(args) == null;
  }

  /** The marker for a word {@code [digits]<<[-]rest}, or null when the word is not one. */
  static HeredocMarker parseMarker(String word) {
    int i = 0;
    while (i < word.length() && Character.isDigit(word.charAt(i))) {
      i++;
    }
    if (!word.startsWith("<<", i)) {
      return null;
    }
    int fd = i == 0 ? 0 : parseDescriptor(word.substring(0, i));
    i += 2;
    boolean chomp = i < word.length() && word.charAt(i) == '-';
    if (chomp) {
      i++;
    }
    String rest = word.substring(i);
    if (rest.isEmpty() || rest.indexOf('<') >= 0) {
      return null;
    }
    List<String> cooked = NAME_WORDS.processWords(rest, Map.of());
    if (cooked.size() != 1) {
      return null;
    }
    List<String> raw = NAME_WORDS_RAW.processWords(rest, Map.of());
    String name = cooked.get(0);
    boolean expand = quotes(name) == quotes(raw.get(0));
    return new HeredocMarker(name, expand, chomp, fd);
  }

  private static int parseDescriptor(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int quotes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        n++;
      }
    }
    return n;
  }
}
