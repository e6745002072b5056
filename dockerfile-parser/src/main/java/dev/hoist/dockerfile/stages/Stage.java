package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.From;
import dev.hoist.dockerfile.instructions.Instruction;
import java.util.List;
import java.util.Map;

/**
 * One build stage: its position, its name (null when unnamed), its FROM and its instructions
 * with variables expanded, the environment its ENVs leave, the build args it declared with
 * their values (null when declared without one), and what it refers to.
 */
public record Stage(int index, String name, From from, List<Instruction> instructions,
    Map<String, String> env, Map<String, String> args, List<StageReference> references) {

  public Stage {
    instructions = List.copyOf(instructions);
    references = List.copyOf(references);
  }

  /** The name if the stage has one, else its index. */
  public String displayName() {
    return name != null ? name : Integer.toString(index);
  }

  /** The base stage's index, or -1 when the stage starts from an image or scratch. */
  public int baseStage() {
    return references.stream()
        .filter(r -> r.kind() == StageReference.Kind.BASE && r.isStage())
        .mapToInt(StageReference::stage)
        .findFirst()
        .orElse(-1);
  }
}
