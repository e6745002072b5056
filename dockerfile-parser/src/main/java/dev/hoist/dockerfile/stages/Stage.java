package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.From;
import dev.hoist.dockerfile.instructions.Instruction;
import java.util.List;
import java.util.Map;

/**
 * One build stage: its position, its name (null when unnamed), its FROM and its instructions
 * with variables expanded, the environment its image config has at its end (the base's and its
 * ENVs), the build args in scope at its end with their values (null when declared without one;
 * a base stage's come first, as BuildKit carries them over), what it refers to, and its
 * {@code scope}: the variables words see at its end (the environment with ARG values, the later
 * of an ENV and an ARG winning), which a stage built FROM it starts with.
 *
 * @param index the stage's position, from 0
 * @param name its name, or null
 * @param from its FROM
 * @param instructions its instructions, expanded
 * @param env the environment its image config has at its end
 * @param args the build args in scope at its end
 * @param references what it uses from elsewhere
 * @param scope the variables words see at its end
 */
public record Stage(int index, String name, From from, List<Instruction> instructions,
    Map<String, String> env, Map<String, String> args, List<StageReference> references,
    Map<String, String> scope) {

  /**
   * Creates the record; lists and maps are copied.
   *
   * @param index the stage's position, from 0
   * @param name its name, or null
   * @param from its FROM
   * @param instructions its instructions, expanded
   * @param env the environment its image config has at its end
   * @param args the build args in scope at its end
   * @param references what it uses from elsewhere
   * @param scope the variables words see at its end
   */
  public Stage {
    instructions = List.copyOf(instructions);
    references = List.copyOf(references);
  }

  /**
   * The name if the stage has one, else its index.
   *
   * @return the name or index
   */
  public String displayName() {
    return name != null ? name : Integer.toString(index);
  }

  /**
   * The base stage's index, or -1 when the stage starts from an image or scratch.
   *
   * @return the index, or -1
   */
  public int baseStage() {
    return references.stream()
        .filter(r -> r.kind() == StageReference.Kind.BASE && r.isStage())
        .mapToInt(StageReference::stage)
        .findFirst()
        .orElse(-1);
  }
}
