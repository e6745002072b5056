package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.DockerfileException;
import java.util.ArrayList;
import java.util.List;

/** Rejects stages that depend on themselves, directly or through other stages. */
final class CycleCheck {
  private final List<Stage> stages;
  private final int[] state; // 0 unvisited, 1 on the current path, 2 done
  private final List<Stage> path = new ArrayList<>();

  CycleCheck(List<Stage> stages) {
    this.stages = stages;
    this.state = new int[stages.size()];
  }

  void run() {
    for (Stage stage : stages) {
      visit(stage);
    }
  }

  private void visit(Stage stage) {
    if (state[stage.index()] == 2) {
      return;
    }
    path.add(stage);
    state[stage.index()] = 1;
    for (StageReference ref : stage.references()) {
      if (!ref.isStage()) {
        continue;
      }
      Stage target = stages.get(ref.stage());
      if (state[target.index()] == 1) {
        StringBuilder cycle = new StringBuilder();
        for (Stage s : path.subList(path.indexOf(target), path.size())) {
          cycle.append(s.displayName()).append(" -> ");
        }
        cycle.append(target.displayName());
        throw new DockerfileException(ref.location().file(), ref.location().line(),
            ref.location().column(), "circular dependency detected on stage "
                + target.displayName() + ": " + cycle);
      }
      visit(target);
    }
    state[stage.index()] = 2;
    path.remove(path.size() - 1);
  }
}
