package dev.hoist.internal.build;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.dockerfile.stages.ImageDefaults;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Executes a {@link StagePlan}: its base (an image, scratch, or an earlier stage's result), then
 * each planned step through the build cache ({@link CachedStep}). A step's own inputs that need
 * the image below or the context (the history text, which follows the image's SHELL; the files
 * COPY reads; the files a RUN's bind mounts show) are found here, as the step's turn comes.
 */
final class StageExecutor {
  private final BuildSession session;
  private final StagePlan plan;
  private final StageImages images;
  private final CachedStep cachedStep;
  private ImageState state;
  /** The first change in this stage (or its base stage) that made a step miss, or null. */
  private String missCause;

  StageExecutor(BuildSession session, StagePlan plan) {
    this.session = session;
    this.plan = plan;
    this.images = new StageImages(session, plan.stage());
    this.cachedStep = new CachedStep(session);
  }

  BuildSession.StageResult execute() throws IOException, InterruptedException {
    from();
    for (PlannedStep step : plan.steps()) {
      if (step instanceof PlannedStep.RunCommand run) {
        run(run);
      } else if (step instanceof PlannedStep.CopyFiles copy) {
        copy(copy);
      } else if (step instanceof PlannedStep.MakeWorkdir workdir) {
        workdir(workdir);
      } else if (step instanceof PlannedStep.ChangeConfig config) {
        config(config);
      }
    }
    return new BuildSession.StageResult(state, missCause);
  }

  private BuildProgress.Step progress(int number, String text) {
    String shown = text.replace(" # buildkit", "");
    int newline = shown.indexOf('\n');
    String line = newline < 0 ? shown : shown.substring(0, newline) + " ...";
    return new BuildProgress.Step(plan.name(), number, plan.stepCount(), line);
  }

  private void apply(CachedStep.Spec spec) throws IOException, InterruptedException {
    CachedStep.Result result = cachedStep.run(spec, state, missCause);
    state = result.state();
    missCause = result.missCause();
  }

  // ---- FROM ---------------------------------------------------------------------------------

  private void from() throws IOException {
    String image = plan.stage().from().image();
    BuildProgress.Step step = progress(1, "FROM " + image
        + (plan.stage().name() != null ? " AS " + plan.stage().name() : ""));
    long start = System.nanoTime();
    session.progress.started(step);
    if (plan.base() instanceof StageBase.EarlierStage earlier) {
      BuildSession.StageResult parent = session.stages.get(earlier.index());
      state = parent.image();
      missCause = parent.missCause();
    } else if (plan.base() instanceof StageBase.Scratch) {
      Instant t = session.request.sourceDateEpoch().orElse(Instant.EPOCH);
      // BuildKit's empty image: working directory / and the default PATH
      ImageConfig empty = ImageConfig.of(
          BuildSession.platformOf(plan.stage(), session.request.platform()).normalized());
      empty = empty.withConfig(empty.config().toBuilder()
          .workingDir(ImageDefaults.WORKING_DIR)
          .env(ImageDefaults.withPath(List.<String>of())).build());
      state = new ImageState(empty, List.of(), t);
    } else {
      LocalImage li = session.image(((StageBase.Image) plan.base()).reference(),
          BuildSession.platformOf(plan.stage(), session.request.platform()));
      ImageConfig config = li.config();
      if (!ImageDefaults.withPath(config.config().env()).equals(config.config().env())) {
        // BuildKit makes sure PATH is always set: an image without one gets the default
        config = config.withConfig(config.config().toBuilder()
            .env(ImageDefaults.withPath(config.config().env())).build());
      }
      Instant created = ImageState.parseTime(config.created());
      Instant t = session.request.sourceDateEpoch().orElse(created);
      state = new ImageState(config, li.manifest().layers(), t);
    }
    if (state.config().config().onBuild() != null) {
      // the triggers (planned into this stage) are not inherited further
      state = state.withConfig(state.config().withConfig(
          state.config().config().toBuilder().onBuild(null).build()));
    }
    session.progress.finished(step, new BuildProgress.Outcome(false, null,
        Duration.ofNanos(System.nanoTime() - start)));
  }

  // ---- the steps ----------------------------------------------------------------------------

  private void config(PlannedStep.ChangeConfig step) throws IOException, InterruptedException {
    String description = ConfigSteps.describe(step.instruction(),
        state.config().config().shell());
    CacheInputs inputs = CacheInputs.of(step.keyed() != null ? step.keyed() : description,
        step.keyArgs());
    apply(new CachedStep.Spec(progress(step.number(), description), description, line(step),
        inputs, null, c -> ConfigSteps.apply(c, step.instruction(), step.cmdSetBefore()), false,
        null));
  }

  private void workdir(PlannedStep.MakeWorkdir step) throws IOException, InterruptedException {
    String description = ConfigSteps.describe(step.instruction(), null);
    String path = ConfigSteps.workdir(state.config().config().workingDir(),
        step.instruction().path());
    ImageState before = state;
    boolean cmdSet = false; // WORKDIR leaves CMD and ENTRYPOINT as they are
    apply(new CachedStep.Spec(progress(step.number(), description), description, line(step),
        CacheInputs.of(description, step.keyArgs()),
        created -> WorkdirExecution.run(session, before, path, created),
        c -> ConfigSteps.apply(c, step.instruction(), cmdSet), false, null));
  }

  private void copy(PlannedStep.CopyFiles step) throws IOException, InterruptedException {
    String description = ConfigSteps.describe(step.instruction(), null);
    ImageState before = state;
    try (CopyExecution copy = CopyExecution.fetch(session, step, images)) {
      apply(new CachedStep.Spec(progress(step.number(), description), description, line(step),
          copy.inputs(description, before), created -> copy.run(before, created), c -> c, false,
          copy.independent(before)));
    }
  }

  private void run(PlannedStep.RunCommand step) throws IOException, InterruptedException {
    ContainerConfig config = state.config().config();
    String description = ConfigSteps.describe(step.instruction(), config.shell());
    Map<String, String> mountFiles = new TreeMap<>();
    Map<String, String> other = new TreeMap<>();
    List<String> options = new ArrayList<>();
    for (RunMount m : step.instruction().mounts()) {
      options.add("--mount=" + m.spec());
      if (m.type().equals("bind")) {
        if (m.from() == null) {
          String src = SourceTree.clean(m.source() == null ? "" : m.source());
          if (!session.context.exists(src) && !src.isEmpty()) {
            throw new BuildException("RUN --mount=" + m.spec() + ": " + src
                + " is not in the build context");
          }
          mountFiles.putAll(session.context.fingerprints(src));
        } else {
          other.put(m.from(), images.key(m.from()));
        }
      }
    }
    options.addAll(session.request.runHost().keyOptions()); // as BuildKit keys them
    CacheInputs inputs = new CacheInputs(description, step.keyArgs(), null, null, null,
        mountFiles, other, options, step.network().name().toLowerCase(Locale.ROOT));
    // BuildKit's created_by: RUN |N NAME=value… COMMAND, the args in scope with their values
    String history = description.replaceFirst("^RUN ", "RUN " + Matcher.quoteReplacement(
        step.args().historyPrefix(step.args().runEnvironment(config.env()))));
    BuildProgress.Step progress = progress(step.number(), description);
    ImageState before = state;
    RunExecution execution = new RunExecution(session, plan, images);
    apply(new CachedStep.Spec(progress, history, line(step), inputs,
        created -> execution.run(step, before, progress, created), c -> c, true, null));
  }

  private static int line(PlannedStep step) {
    return step.instruction().location().line();
  }
}
