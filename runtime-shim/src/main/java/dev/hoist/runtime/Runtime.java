package dev.hoist.runtime;

import java.io.IOException;

/**
 * Runs containers. {@link ShimRuntime} uses hoist's own native shim; an OCI runtime (runc, crun:
 * {@link OciRuntimes}) can implement this interface next to it.
 *
 * <p>Note: inside this package the name shadows {@code java.lang.Runtime}.
 */
public interface Runtime {
  /** Starts the container's process; the returned handle waits for it and signals it. */
  ContainerProcess start(ContainerSpec spec, Stdio stdio) throws IOException;
}
