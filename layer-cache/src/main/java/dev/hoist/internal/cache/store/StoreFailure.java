package dev.hoist.internal.cache.store;

import java.io.IOException;

/**
 * A write to the local store that failed, said as what it is (a full disk above all) with the
 * store and what was being stored: not a registry's fault, and not worth a retry.
 */
public final class StoreFailure {
  private StoreFailure() {}

  /** {@code "no space left on device in STORE while storing WHAT; nothing was stored"}, or the cause's words. */
  public static IOException of(IOException e, ContentStore store, String what) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    boolean full = m.contains("No space left on device") || m.contains("Disk quota exceeded");
    return new IOException((full ? "no space left on device" : "cannot write") + " in " + store.root()
        + " while storing " + what + (full ? "" : ": " + m) + "; nothing was stored", e);
  }
}
