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

  /**
   * Whether the process that cleans up after the container waits for its namespace and veth
   * pair to be removed (the kernel's part takes ~10-20 ms). A program that exits right after
   * the container does (the CLI's foreground run) need not: a process of its own removes them
   * and then releases the address, which no other container gets before.
   */
  default boolean awaitsNetworkRemoval() {
    return true;
  }

  /** This JVM starts the process and owns the network. */
  Launcher LOCAL = local(true);

  /** As {@link #LOCAL}, for a program that exits once the container has: see {@link #awaitsNetworkRemoval}. */
  Launcher LOCAL_THEN_EXIT = local(false);

  private static Launcher local(boolean awaitsNetworkRemoval) {
    return new Launcher() {
      @Override
      public Process start(ProcessBuilder command) throws IOException {
        return ProgramStart.start(command);
      }

      @Override
      public Owner networkOwner() {
        return Owner.current();
      }

      @Override
      public boolean awaitsNetworkRemoval() {
        return awaitsNetworkRemoval;
      }
    };
  }
}
