package dev.hoist.internal.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the words of {@link ShellLexer#processWords}, following BuildKit's rules: unquoted
 * whitespace (literal or produced by an unquoted variable) ends a word, while quoted and escaped
 * text is appended verbatim. A word is only emitted when it is non-empty, so {@code ""} on its own
 * yields no word.
 */
final class WordSplitter {
  private final List<String> words = new ArrayList<>();
  private final StringBuilder word = new StringBuilder();
  private boolean inWord;

  /** Adds an unquoted character: whitespace ends the current word, anything else extends it. */
  void addChar(int cp) {
    if (ShellChars.isSpace(cp)) {
      if (inWord && word.length() > 0) {
        flush();
      }
    } else {
      addRawChar(cp);
    }
  }

  /** Adds a character that is part of the word whatever it is (an escaped character). */
  void addRawChar(int cp) {
    word.appendCodePoint(cp);
    inWord = true;
  }

  /** Adds the value of an unquoted expansion, splitting it on whitespace. */
  void addString(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      addChar(cp);
      i += Character.charCount(cp);
    }
  }

  /** Adds quoted text, which never splits. */
  void addRawString(String text) {
    word.append(text);
    inWord = true;
  }

  /** The words collected so far, including the pending one if non-empty. */
  List<String> finish() {
    if (word.length() > 0) {
      flush();
    }
    return words;
  }

  private void flush() {
    words.add(word.toString());
    word.setLength(0);
    inWord = false;
  }
}
