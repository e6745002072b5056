package dev.hoist.dockerfile;

import java.util.List;

/**
 * One instruction as written, before any meaning is given to it (BuildKit's parser node).
 *
 * @param name the instruction's name in lower case
 * @param original the logical line, continuations joined the way Docker joins them
 * @param flags the leading {@code --flag[=value]} words, quotes removed as Docker removes them
 * @param args the arguments as the instruction's form reads them: the exec-form strings, the
 *     shell-form command line, whitespace-separated words, or ENV/LABEL keys and values
 * @param json whether the arguments were written in exec (JSON array) form
 * @param heredocs the heredocs the line opened, with their bodies
 * @param pairs ENV and LABEL pairs with values still quoted; empty for other instructions
 * @param onbuild the instruction ONBUILD wraps, or null
 * @param startLine the 1-based line the instruction starts on
 * @param endLine the last line it covers, heredoc bodies included
 * @param column the 1-based column of the instruction's name
 */
public record RawInstruction(
    String name,
    String original,
    List<String> flags,
    List<String> args,
    boolean json,
    List<Heredoc> heredocs,
    List<KeyValue> pairs,
    RawInstruction onbuild,
    int startLine,
    int endLine,
    int column) {

  /**
   * Creates the record; lists and maps are copied.
   *
   * @param name the instruction's name in lower case
   * @param original the logical line, continuations joined the way Docker joins them
   * @param flags the leading {@code --flag[=value]} words, quotes removed as Docker removes them
   * @param args the arguments as the instruction's form reads them: the exec-form strings, the
   *         shell-form command line, whitespace-separated words, or ENV/LABEL keys and values
   * @param json whether the arguments were written in exec (JSON array) form
   * @param heredocs the heredocs the line opened, with their bodies
   * @param pairs ENV and LABEL pairs with values still quoted; empty for other instructions
   * @param onbuild the instruction ONBUILD wraps, or null
   * @param startLine the 1-based line the instruction starts on
   * @param endLine the last line it covers, heredoc bodies included
   * @param column the 1-based column of the instruction's name
   */
  public RawInstruction {
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    heredocs = List.copyOf(heredocs);
    pairs = List.copyOf(pairs);
  }

  /**
   * The instruction's name in upper case, as users write it.
   *
   * @return the keyword
   */
  public String keyword() {
    return name.toUpperCase(java.util.Locale.ROOT);
  }
}
