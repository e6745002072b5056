package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** A running container: its process and its exit status. */
public interface ContainerProcess {
  /** Host PID of the process hoist started (the shim), which relays signals into the container. */
  long pid();

  /** Waits for the container to exit; its exit status (128+N when killed by signal N). */
  int waitFor() throws InterruptedException;

  /**
   * Once {@link #waitFor} returned: whether the kernel's OOM killer killed one of the
   * container's processes, read before its cgroups went (false when the runtime cannot tell).
   */
  default boolean oomKilled() {
    return false;
  }

  /** As {@link #waitFor()}, giving up after {@code timeout}. */
  OptionalInt waitFor(Duration timeout) throws InterruptedException;

  /**
   * Sends a signal (number, or name with or without {@code SIG}) to the container's main
   * process.
   */
  void signal(String signal) throws IOException;

  /** The container's stdin when {@link Stdio} asked for a pipe. */
  OutputStream stdin();

  /** The container's stdout when {@link Stdio} asked for a pipe. */
  InputStream stdout();

  /** The container's stderr when {@link Stdio} asked for a pipe. */
  InputStream stderr();

  /**
   * After the process exited: the runtime's own error when it failed to set the container up
   * (a mount, the working directory, the user), so the command never ran; empty when the exit
   * status is the command's (which may be 125 too).
   */
  default Optional<String> startError() {
    return Optional.empty();
  }
}
