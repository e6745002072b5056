package dev.hoist.internal.build;

import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.runtime.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The base images of the stages that wait for earlier ones (a later wave of the stage graph: a
 * cross-compile's final stage waits for its builder), unpacked on a thread of their own while
 * the earlier stages build, when their snapshots are missing and the stage has a step that reads
 * its image's files (RUN, COPY or ADD without {@code --link}). Without it a cold cross-compile's
 * foreign platform unpacked its final stage's base only when that stage's COPY came, on the
 * build's critical path (a trace: 0.3 to 0.8 s on a loaded machine).
 *
 * <p>{@link #close} waits for what was started. A stage whose every step then hits the cache
 * had its base unpacked for nothing (a fresh home with {@code --cache-from}, or snapshots
 * removed beside a kept build cache): the price of not knowing a later stage's keys before its
 * earlier stages are built.
 */
final class BaseUnpacking implements AutoCloseable {
  private final Thread thread;

  private BaseUnpacking(Thread thread) {
    this.thread = thread;
  }

  /** Starts unpacking the bases of {@code later} (the stages after the first wave). */
  static BaseUnpacking start(BuildSession session, List<StagePlan> later) {
    List<StagePlan> wanted = new ArrayList<>();
    for (StagePlan plan : later) {
      if (plan.base() instanceof StageBase.Image && readsItsBase(plan)) {
        wanted.add(plan);
      }
    }
    if (wanted.isEmpty()) {
      return new BaseUnpacking(null);
    }
    Thread t = new Thread(() -> {
      for (StagePlan plan : wanted) {
        try {
          unpack(session, plan);
        } catch (IOException | RuntimeException e) {
          // the stage unpacks its base itself when it needs it, and reports what fails
        }
      }
    }, "unpack-bases");
    t.setDaemon(true);
    t.start();
    return new BaseUnpacking(t);
  }

  private static boolean readsItsBase(StagePlan plan) {
    for (PlannedStep step : plan.steps()) {
      if (step instanceof PlannedStep.RunCommand
          || step instanceof PlannedStep.CopyFiles copy && !copy.link()) {
        return true;
      }
    }
    return false;
  }

  private static void unpack(BuildSession session, StagePlan plan) throws IOException {
    LocalImage image = session.image(((StageBase.Image) plan.base()).reference(),
        BuildSession.platformOf(plan.stage(), session.request.platform()));
    List<Digest> diffIds = image.config().diffIds();
    for (int i = 0; i < diffIds.size(); i++) {
      if (!session.snapshots.contains(diffIds.get(i))) {
        Trace.mark("unpack ahead " + diffIds.get(i));
        session.snapshots.ensure(image.manifest().layers().get(i), diffIds.get(i));
        Trace.mark("unpack ahead " + diffIds.get(i) + " done");
      }
    }
  }

  /** Waits for the unpacking started. */
  @Override
  public void close() throws InterruptedException {
    if (thread != null) {
      thread.join();
    }
  }
}
