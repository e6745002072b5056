package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.text.Suggestions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The stages of a Dockerfile and how they depend on each other: which stages a target needs,
 * and in which order they can be built (stages of one wave do not depend on each other and
 * can be built in parallel).
 */
public final class StageGraph {
  private final List<Stage> stages;
  private final Map<String, String> globalArgs;
  private final List<String> warnings;

  StageGraph(List<Stage> stages, Map<String, String> globalArgs, List<String> warnings) {
    this.stages = List.copyOf(stages);
    this.globalArgs = globalArgs;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The stages, in Dockerfile order.
   *
   * @return the stages
   */
  public List<Stage> stages() {
    return stages;
  }

  /**
   * The ARGs declared before the first FROM, with their values (null when unset).
   *
   * @return the global ARGs
   */
  public Map<String, String> globalArgs() {
    return globalArgs;
  }

  /**
   * Things worth telling the user that are not errors, such as build args never declared.
   *
   * @return the warnings
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * A stage by name (case-insensitive; the last of that name, as BuildKit keeps the last);
   * null target means the last stage.
   *
   * @param target the stage's name, or null
   * @return the stage
   */
  public Stage stage(String target) {
    if (target == null || target.isEmpty()) {
      return stages.get(stages.size() - 1);
    }
    for (int i = stages.size() - 1; i >= 0; i--) {
      if (target.equalsIgnoreCase(stages.get(i).name())) {
        return stages.get(i);
      }
    }
    throw new DockerfileException("target stage \"" + target + "\" could not be found"
        + Suggestions.didYouMean(target, stageNames()));
  }

  /**
   * The stages the target needs (itself included), in Dockerfile order.
   *
   * @param target the stage's name, or null for the last
   * @return the stages
   */
  public List<Stage> stagesFor(String target) {
    BitSet needed = new BitSet();
    mark(stage(target).index(), needed);
    List<Stage> result = new ArrayList<>();
    needed.stream().forEach(i -> result.add(stages.get(i)));
    return result;
  }

  /**
   * The needed stages in waves: every stage's dependencies are in earlier waves, so the
   * stages of one wave can be built at the same time.
   *
   * @param target the stage's name, or null for the last
   * @return the waves, first to build first
   */
  public List<List<Stage>> buildOrder(String target) {
    List<Stage> needed = stagesFor(target);
    int[] wave = new int[stages.size()];
    int waves = 0;
    // references point at any stage, but the graph is acyclic: settle depths until stable
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stage stage : needed) {
        int depth = 0;
        for (StageReference ref : stage.references()) {
          if (ref.isStage()) {
            depth = Math.max(depth, wave[ref.stage()] + 1);
          }
        }
        if (depth != wave[stage.index()]) {
          wave[stage.index()] = depth;
          changed = true;
        }
      }
    }
    for (Stage stage : needed) {
      waves = Math.max(waves, wave[stage.index()] + 1);
    }
    List<List<Stage>> order = new ArrayList<>();
    for (int w = 0; w < waves; w++) {
      List<Stage> inWave = new ArrayList<>();
      for (Stage stage : needed) {
        if (wave[stage.index()] == w) {
          inWave.add(stage);
        }
      }
      order.add(List.copyOf(inWave));
    }
    return order;
  }

  private void mark(int index, BitSet needed) {
    if (needed.get(index)) {
      return;
    }
    needed.set(index);
    for (StageReference ref : stages.get(index).references()) {
      if (ref.isStage()) {
        mark(ref.stage(), needed);
      }
    }
  }

  private List<String> stageNames() {
    return stages.stream().map(Stage::name).filter(n -> n != null).toList();
  }
}
