package dev.hoist.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * A Dockerfile as written: its parser directives (lower-case name to value), the escape
 * character in effect and its instructions in order.
 *
 * @param fileName the file's name, for messages
 * @param directives the parser directives, lower-case name to value
 * @param escape the escape character in effect
 * @param instructions the instructions in order
 */
public record SyntaxTree(String fileName, Map<String, String> directives, char escape,
    List<RawInstruction> instructions) {

  /**
   * Creates the record; lists and maps are copied.
   *
   * @param fileName the file's name, for messages
   * @param directives the parser directives, lower-case name to value
   * @param escape the escape character in effect
   * @param instructions the instructions in order
   */
  public SyntaxTree {
    directives = Map.copyOf(directives);
    instructions = List.copyOf(instructions);
  }
}
