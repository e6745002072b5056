package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.syntax.DockerfileSyntax;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONBUILD triggers of a base (an image's {@code OnBuild} list, or a base stage's ONBUILD
 * expressions) made into instructions of the stage that uses it, as BuildKit's
 * {@code initOnBuildTriggers} does: each trigger is parsed alone as one instruction (default
 * escape), placed at the stage's FROM (its lines and errors name that FROM), and put right after
 * it.
 */
public final class OnbuildTriggers {
  private OnbuildTriggers() {}

  /**
   * The instructions with, after each FROM whose line is a key of {@code triggers}, its triggers.
   *
   * @param instructions the instructions
   * @param triggers the triggers, by the line of the FROM they follow
   * @return the instructions with the triggers
   */
  public static List<Instruction> insert(List<Instruction> instructions,
      Map<Integer, List<String>> triggers) {
    List<Instruction> out = new ArrayList<>();
    for (Instruction instruction : instructions) {
      out.add(instruction);
      if (instruction instanceof From from && triggers.containsKey(from.location().line())) {
        for (String trigger : triggers.get(from.location().line())) {
          out.add(parse(trigger, from.location()));
        }
      }
    }
    return out;
  }

  /** One trigger as an instruction located at {@code at}, the FROM of the stage it runs in. */
  static Instruction parse(String trigger, SourceLocation at) {
    try {
      SyntaxTree tree = DockerfileSyntax.parse(trigger, at.file());
      if (tree.instructions().size() != 1) {
        throw new DockerfileException("onbuild trigger should be a single expression");
      }
      RawInstruction raw = tree.instructions().get(0);
      if (raw.name().equals("from") || raw.name().equals("maintainer")) {
        throw new DockerfileException(raw.keyword() + " isn't allowed as an ONBUILD trigger");
      }
      RawInstruction placed = new RawInstruction(raw.name(), raw.original(), raw.flags(),
          raw.args(), raw.json(), raw.heredocs(), raw.pairs(), raw.onbuild(), at.line(),
          at.endLine(), at.column());
      return new InstructionFactory(at.file()).create(placed);
    } catch (DockerfileException e) {
      throw new DockerfileException(at.file(), at.line(), at.column(),
          "ONBUILD trigger " + firstLine(trigger) + ": " + e.detail());
    }
  }

  private static String firstLine(String trigger) {
    int newline = trigger.indexOf('\n');
    return newline < 0 ? trigger : trigger.substring(0, newline) + " …";
  }
}
