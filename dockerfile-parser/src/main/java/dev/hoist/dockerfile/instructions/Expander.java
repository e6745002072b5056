package dev.hoist.dockerfile.instructions;

import java.util.List;

/** Expands variables in one word, or in a string of words, with a stage's ARG and ENV. */
public interface Expander {
  /**
   * The word with quotes removed and variables replaced.
   *
   * @param word the word
   * @return the expanded word
   */
  String word(String word);

  /**
   * The words of the string after expansion, split as the shell splits them.
   *
   * @param words the string of words
   * @return the words
   */
  List<String> words(String words);

  /**
   * A heredoc's body: variables replaced, but quotes are ordinary characters (BuildKit's
   * raw expansion with quote processing skipped).
   *
   * @param content the body
   * @return the expanded body
   */
  String heredocContent(String content);

  /**
   * Expands each word of a list (as for COPY sources, each stays one word).
   *
   * @param words the words
   * @return the expanded words
   */
  default List<String> eachWord(List<String> words) {
    return words.stream().map(this::word).toList();
  }
}
