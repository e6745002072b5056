package dev.hoist.internal.service;

import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;

/**
 * Hears how an image was found for use ({@link ImageService#resolve}): whether the store lacked
 * it, the pull from its registry (its blobs told to {@link #blobs()}, from several threads) and
 * its end. Every method has a do-nothing default.
 */
public interface PullListener {
  /** Hears nothing. */
  PullListener NONE = new PullListener() {};

  /** The local store does not have {@code reference}: it is pulled. */
  default void notFoundLocally(String reference) {}

  /** What hears the blobs of a pull (default: nothing). */
  default TransferListener blobs() {
    return TransferListener.NONE;
  }

  /** A pull of {@code reference} from {@code registry} begins. */
  default void pulling(String reference, String registry) {}

  /** {@code reference} was pulled: {@code result} names what was stored and tagged. */
  default void pulled(String reference, TransferResult result) {}

  /** Something to warn about the image found (as Docker prints it: "WARNING: …"). */
  default void warning(String message) {}
}
