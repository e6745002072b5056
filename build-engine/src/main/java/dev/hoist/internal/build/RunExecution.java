package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.OverlayDiff;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.Trees;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.internal.runtime.BindMount;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.UserResolver;
import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Executes a {@link PlannedStep.RunCommand}: its command in a container on the image below it
 * (the stage's environment, the image's user and working directory, its mounts and network), and
 * the files it changed (the overlay's upper directory, without the mount points) as a layer.
 */
final class RunExecution {
  private final BuildSession session;
  private final StagePlan plan;
  private final StageImages images;

  RunExecution(BuildSession session, StagePlan plan, StageImages images) {
    this.session = session;
    this.plan = plan;
    this.images = images;
  }

  CachedStep.Produced run(PlannedStep.RunCommand step, ImageState before,
      BuildProgress.Step progress, Instant created) throws IOException, InterruptedException {
    ContainerConfig config = before.config().config();
    try {
      Optional<Platform> platform = before.config().declaredPlatform();
      if (platform.isPresent()) {
        session.emulation.require(platform.get());
      }
    } catch (dev.hoist.internal.runtime.Emulation.EmulationException e) {
      String file = plan.stage().from().location().file();
      int line = step.instruction().location().line();
      throw new BuildException("RUN (" + file + ":" + line + "): " + e.getMessage(), 1, file,
          line);
    }
    List<Path> lowers = new ArrayList<>(session.lowers(before));
    Path work = session.tempDir("run-");
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      if (lowers.isEmpty()) {
        lowers.add(Files.createDirectory(work.resolve("empty")));
      }
      RunStep.Command command = RunStep.command(step.instruction(), config.shell());
      // the image's Env with newer ARG values over it, then the proxy build args not set yet
      List<String> env = step.args().runEnvironment(config.env());
      session.proxies.addTo(env);
      String user = config.user();
      UserResolver.User u = RunStep.user(lowers, user == null || user.isEmpty() ? null : user);
      if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
        env.add("HOME=" + u.home()); // as runc and BuildKit set it
      }
      // the directory's name is the container's ID, and so its cgroup's name: unique per step,
      // or concurrent RUN steps (of one build or of several) share and remove one cgroup
      Path containerDir = work.resolve("build-" + ContainerStore.newId().substring(0, 24));
      ContainerSpec.Builder spec = ContainerSpec.builder(lowers, containerDir)
          .argv(command.argv())
          .cwd(config.workingDir() == null || config.workingDir().isEmpty() ? "/"
              : config.workingDir())
          .user(u)
          .network(step.network());
      // RUN keeps hoist's init (reaping, a clean end); buildah runs RUN as PID 1 (its #1961);
      // --add-host, --shm-size, --ulimit and the cgroup limits as hoist run applies them
      session.request.runHost().applyTo(spec, HostOptions.builder().init(true));
      List<String> stubs = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf",
          "/etc/hostname", "/proc", "/sys", "/dev"));
      if (command.script() != null) {
        Path pipes = Files.createDirectory(work.resolve("pipes"));
        Path script = pipes.resolve(command.script().name());
        Files.writeString(script, command.script().content());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        spec.mount(new BindMount(pipes, "/dev/pipes", true));
      }
      RunMounts mounts = new RunMounts(session, images, work, cleanup);
      for (RunMount m : step.instruction().mounts()) {
        stubs.addAll(mounts.add(RunMounts.atTarget(m, config.workingDir()), spec, env));
      }
      spec.env(env);
      if (Trace.on()) {
        Trace.mark("run " + progress.label() + ": starting");
      }
      RunStep.Result result = RunStep.execute(session.runtime(), spec.build(),
          line -> session.progress.output(progress, line));
      String file = plan.stage().from().location().file();
      int line = step.instruction().location().line();
      String where = file + ":" + line;
      if (result.startError().isPresent()) {
        throw new BuildException("RUN could not start its container (" + where + "): "
            + result.startError().get(), result.exitCode(), file, line);
      }
      if (result.exitCode() != 0) {
        throw new BuildException("RUN failed with exit code " + result.exitCode() + " ("
            + where + ": " + String.join(" ", command.argv()) + ")"
            + (result.tail().isEmpty() ? "" : "\nlast lines of its output:\n  "
                + String.join("\n  ", result.tail())), result.exitCode(), file, line);
      }
      if (Trace.on()) {
        Trace.mark("run " + progress.label() + ": exited");
      }
      long capture = System.nanoTime();
      Path upper = containerDir.resolve("upper");
      RunStep.removeMountStubs(upper, lowers, stubs);
      List<LayerEntry> entries = OverlayDiff.entries(upper);
      if (entries.isEmpty()) {
        return CachedStep.Produced.of(new StepCache.Entry(null, null, created.toString()));
      }
      LayerResult layer;
      try (BlobWriter blob = session.blobs.writer()) {
        layer = session.writer.write(entries, blob);
        blob.commit();
      }
      if (Trace.on()) {
        Trace.mark("run " + progress.label() + ": layer written");
      }
      session.snapshots.adopt(upper, layer, entries);
      String detail = String.format(Locale.ROOT,
          "layer of %d entries, %d bytes, captured in %d ms", entries.size(), layer.size(),
          (System.nanoTime() - capture) / 1_000_000);
      return new CachedStep.Produced(new StepCache.Entry(
          Descriptor.of(layer.mediaType(), layer.digest(), layer.size()),
          layer.diffId().toString(), created.toString()), detail);
    } finally {
      for (AutoCloseable c : cleanup) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: temporary state only
        }
      }
      Trees.delete(work);
    }
  }
}
