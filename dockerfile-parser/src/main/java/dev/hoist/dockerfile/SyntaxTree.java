package dev.hoist.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * A Dockerfile as written: its parser directives (lower-case name to value), the escape
 * character in effect and its instructions in order.
 */
public record SyntaxTree(String fileName, Map<String, String> directives, char escape,
    List<RawInstruction> instructions) {

  public SyntaxTree {
    directives = Map.copyOf(directives);
    instructions = List.copyOf(instructions);
  }
}
