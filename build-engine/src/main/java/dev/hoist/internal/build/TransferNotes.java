package dev.hoist.internal.build;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.registry.TransferListener;

/**
 * A registry transfer told on a build's progress sink, one line per blob as it starts and ends
 * ({@code pull alpine:3.19: 4abcf2066143: Pull complete}), as {@code docker build} shows the
 * pull of a base image.
 */
public final class TransferNotes implements TransferListener {
  private final BuildProgress progress;
  private final String prefix;

  /** Lines told on {@code progress}, each starting with {@code what}. */
  public TransferNotes(BuildProgress progress, String what) {
    this.progress = progress;
    this.prefix = what + ": ";
  }

  @Override
  public void started(Descriptor blob, String action) {
    progress.note(prefix + blob.digest().shortHex() + ": " + action);
  }

  @Override
  public void finished(Descriptor blob, String outcome) {
    progress.note(prefix + blob.digest().shortHex() + ": " + outcome);
  }
}
