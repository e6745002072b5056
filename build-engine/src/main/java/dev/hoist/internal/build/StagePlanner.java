package dev.hoist.internal.build;

import dev.hoist.dockerfile.instructions.Add;
import dev.hoist.dockerfile.instructions.Arg;
import dev.hoist.dockerfile.instructions.Cmd;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.Workdir;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.Heredoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the resolved stages of a build into {@link StagePlan}s: each instruction becomes a typed
 * {@link PlannedStep} with the build args it depends on, and what can be refused without running
 * anything is refused here, before any step runs ({@code RUN --network=host} without the
 * entitlement, {@code ADD file://}, a misplaced {@code --checksum}, a bad {@code --chmod}).
 * Needs no root, no store and no registry.
 */
final class StagePlanner {
  private final BuildRequest request;
  private final Map<Integer, String> written;
  private final Map<Integer, StagePlan> planned = new TreeMap<>();

  /**
   * @param written each instruction as written in the Dockerfile, by line (what a non-RUN step's
   *     args are looked for in)
   */
  StagePlanner(BuildRequest request, Map<Integer, String> written) {
    this.request = request;
    this.written = written;
  }

  /** The plans of {@code stages}, each after the stage it is built FROM. */
  Map<Integer, StagePlan> plan(List<Stage> stages) {
    for (Stage stage : stages) {
      plan(stage);
    }
    return Map.copyOf(planned);
  }

  /** The plan of one stage; a stage built FROM another must come after it. */
  StagePlan plan(Stage stage) {
    int baseIndex = stage.baseStage();
    StageArgs args;
    StageBase base;
    if (baseIndex >= 0) {
      StagePlan parent = planned.get(baseIndex);
      if (parent == null) {
        throw new IllegalStateException("stage " + baseIndex + " is not planned yet");
      }
      base = new StageBase.EarlierStage(baseIndex);
      args = new StageArgs(parent.args()); // a stage built FROM another inherits its ARGs
    } else {
      String image = stage.from().image();
      base = image.equalsIgnoreCase("scratch") ? new StageBase.Scratch()
          : new StageBase.Image(image);
      args = new StageArgs();
    }
    List<PlannedStep> steps = new ArrayList<>();
    boolean cmdSet = false;
    int number = 1;
    for (Instruction instruction : stage.instructions()) {
      number++;
      if (instruction instanceof Arg arg) {
        args.declare(arg);
      }
      steps.add(step(number, instruction, args, cmdSet));
      cmdSet |= instruction instanceof Cmd;
      if (instruction instanceof Env env) {
        env.variables().forEach(v -> args.envSet(v.key()));
      }
    }
    String name = stage.name() != null ? stage.name() : "stage-" + stage.index();
    StagePlan plan = new StagePlan(stage, name, base, steps, new StageArgs(args));
    planned.put(stage.index(), plan);
    return plan;
  }

  private PlannedStep step(int number, Instruction instruction, StageArgs args, boolean cmdSet) {
    if (instruction instanceof Run run) {
      return new PlannedStep.RunCommand(number, run, args.withValues(), new StageArgs(args),
          RunStep.network(run.network(), request));
    }
    if (instruction instanceof Copy copy) {
      return copyFiles(number, copy, copy.from(), copy.paths().sources(),
          copy.paths().heredocs(), copy.paths().destination(), copy.chown(), copy.chmod(),
          copy.parents(), copy.excludes(), copy.link(), args);
    }
    if (instruction instanceof Add add) {
      return copyFiles(number, add, null, add.paths().sources(), add.paths().heredocs(),
          add.paths().destination(), add.chown(), add.chmod(), false, add.excludes(),
          add.link(), args);
    }
    if (instruction instanceof Workdir workdir) {
      return new PlannedStep.MakeWorkdir(number, workdir, argsUsed(workdir, args));
    }
    if (instruction instanceof Arg arg) {
      // keyed on its declaration as written and the values it resolved to, so a changed build
      // arg is reported as such
      Map<String, String> values = new TreeMap<>();
      arg.declarations().stream().filter(d -> d.value() != null)
          .forEach(d -> values.put(d.name(), d.value()));
      return new PlannedStep.ChangeConfig(number, arg, values, cmdSet,
          ConfigSteps.declared(arg));
    }
    return new PlannedStep.ChangeConfig(number, instruction, argsUsed(instruction, args), cmdSet,
        null);
  }

  private PlannedStep.CopyFiles copyFiles(int number, Instruction instruction, String from,
      List<String> sources, List<Heredoc> heredocs, String destination, String chown,
      String chmod, boolean parents, List<String> excludes, boolean link, StageArgs args) {
    boolean isAdd = instruction instanceof Add;
    String where = instruction.location().file() + ":" + instruction.location().line() + ": ";
    String checksum = instruction instanceof Add add ? add.checksum() : null;
    List<String> urls = new ArrayList<>();
    List<String> gits = new ArrayList<>();
    List<String> local = new ArrayList<>();
    for (String s : sources) {
      if (isAdd && s.regionMatches(true, 0, "file://", 0, 7)) {
        throw new BuildException(where + "ADD " + UrlSource.redacted(s) + ": file:// is not a "
            + "URL hoist fetches; use a path in the build context");
      }
      (isAdd && UrlSource.isGit(s) ? gits : isAdd && UrlSource.isUrl(s) ? urls : local).add(s);
    }
    if (checksum != null) {
      if (sources.size() + heredocs.size() != 1) {
        throw new BuildException(where + "ADD --checksum can't be specified for multiple "
            + "sources");
      }
      if (urls.isEmpty() && gits.isEmpty()) {
        throw new BuildException(where + "ADD --checksum can't be specified for non-HTTP(S) "
            + "sources (" + (sources.isEmpty() ? "a heredoc" : sources.get(0)) + ")");
      }
      if (gits.isEmpty()) {
        UrlSource.parseChecksum(checksum, where);
      } else {
        GitSource.parseChecksum(checksum, where);
      }
    }
    boolean unpack = instruction instanceof Add add && !Boolean.FALSE.equals(add.unpack());
    boolean keepGitDir = instruction instanceof Add add && add.keepGitDir();
    return new PlannedStep.CopyFiles(number, instruction, argsUsed(instruction, args), from,
        sources, local, urls, gits, heredocs, destination, chown,
        chmod == null ? null : parseMode(chmod), parents, excludes, link, unpack, checksum,
        keepGitDir);
  }

  /**
   * The build args in scope that an instruction other than RUN refers to as written
   * ({@code $NAME} or {@code ${NAME…}}): their values are already in the expanded text, and
   * naming them lets a miss say which one changed. A RUN sees every arg in scope instead (they
   * are in its environment).
   */
  private Map<String, String> argsUsed(Instruction instruction, StageArgs args) {
    String text = written.getOrDefault(instruction.location().line(), "");
    Map<String, String> used = new TreeMap<>();
    args.withValues().forEach((name, value) -> {
      if (text.contains("$" + name) || text.contains("${" + name)) {
        used.put(name, value);
      }
    });
    return used;
  }

  static int parseMode(String chmod) {
    try {
      int mode = Integer.parseInt(chmod, 8);
      if (mode < 0 || mode > 07777) {
        throw new NumberFormatException();
      }
      return mode;
    } catch (NumberFormatException e) {
      throw new BuildException("--chmod=" + chmod + ": expected an octal mode such as 0755");
    }
  }
}
