package dev.hoist.internal.registry;

import dev.hoist.cache.image.ProgressListener;

/**
 * Hears about blob transfers: the {@link ProgressListener} of the image writer under the name
 * the registry client's callers know. Implementations must be thread-safe.
 */
public interface TransferListener extends ProgressListener {
  /** Hears nothing. */
  TransferListener NONE = new TransferListener() {};
}
