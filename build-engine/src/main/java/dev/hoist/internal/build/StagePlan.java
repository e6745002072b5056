package dev.hoist.internal.build;

import dev.hoist.dockerfile.stages.Stage;
import java.util.List;

/**
 * A stage made into steps: what it starts from, and each instruction as a {@link PlannedStep}.
 *
 * @param stage the resolved stage (names, references, locations)
 * @param name how progress names it ({@code build}, or {@code stage-1})
 * @param args the stage's build args at its end (a stage built FROM it starts with them)
 */
record StagePlan(Stage stage, String name, StageBase base, List<PlannedStep> steps,
    StageArgs args) {

  StagePlan {
    steps = List.copyOf(steps);
  }

  /** FROM and one step per instruction. */
  int stepCount() {
    return steps.size() + 1;
  }
}
