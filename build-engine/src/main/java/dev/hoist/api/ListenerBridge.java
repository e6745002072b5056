package dev.hoist.api;

import dev.hoist.internal.build.BuildProgress;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.service.PullListener;

/** A {@link HoistListener} as each library's listener: the build's, a pull's, a transfer's. */
final class ListenerBridge {
  private ListenerBridge() {}

  static BuildProgress build(HoistListener listener) {
    return new BuildProgress() {
      @Override
      public void started(Step step) {
        listener.stepStarted(step.label());
      }

      @Override
      public void output(Step step, String line) {
        listener.stepOutput(step.label(), line);
      }

      @Override
      public void finished(Step step, Outcome outcome) {
        listener.stepFinished(step.label(), outcome.cached(), outcome.duration());
      }

      @Override
      public void warning(String message) {
        listener.warning(message);
      }

      @Override
      public void note(String line) {
        listener.note(line);
      }
    };
  }

  static TransferListener transfers(HoistListener listener) {
    var blobs = listener.blobs();
    return new TransferListener() {
      @Override
      public void started(Descriptor blob, String action) {
        blobs.started(blob, action);
      }

      @Override
      public void progress(Descriptor blob, long bytes) {
        blobs.progress(blob, bytes);
      }

      @Override
      public void finished(Descriptor blob, String outcome) {
        blobs.finished(blob, outcome);
      }
    };
  }

  static PullListener pulls(HoistListener listener) {
    TransferListener blobs = transfers(listener);
    return new PullListener() {
      @Override
      public TransferListener blobs() {
        return blobs;
      }

      @Override
      public void pulling(String reference, String registry) {
        listener.note("pull " + reference + " from " + registry);
      }
    };
  }
}
