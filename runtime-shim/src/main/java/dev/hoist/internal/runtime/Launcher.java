package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.Owner;
import java.io.IOException;

/**
 * How a runtime starts its process ({@code hoist-shim}, {@code runc run}) and which process owns
 * the container's network while it runs. {@link #LOCAL}: this JVM starts it and owns the
 * network (a foreground run). {@link MonitorChannel}: the monitor of a detached container
 * starts it from the command line this JVM sends and owns the network, so that no JVM stays
 * beside the running container.
 */
public interface Launcher {
  /** Starts {@code command} (its command line, environment and redirections). */
  Process start(ProcessBuilder command) throws IOException;

  /** The process the container's network addresses are held for. */
  Owner networkOwner();

  /** This JVM starts the process and owns the network. */
  Launcher LOCAL = new Launcher() {
    @Override
    public Process start(ProcessBuilder command) throws IOException {
      return command.start();
    }

    @Override
    public Owner networkOwner() {
      return Owner.current();
    }
  };
}
