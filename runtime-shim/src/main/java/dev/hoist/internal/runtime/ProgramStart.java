package dev.hoist.internal.runtime;

import java.io.IOException;

/**
 * Starts a program hoist extracted (the shim, the monitor, {@code hoist-net}). Just extracted,
 * it can be refused with ETXTBSY ("error=26, Text file busy"): a process forked by another
 * thread of this JVM while it was being written holds the written file's descriptor until it
 * execs (compose starts services on several threads). Tried again a few times, as Go's os/exec
 * does.
 */
public final class ProgramStart {
  private static final int ATTEMPTS = 20;

  private ProgramStart() {}

  /** {@code builder.start()}, again after 5, 10, 15… ms while the program is busy. */
  public static Process start(ProcessBuilder builder) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return builder.start();
      } catch (IOException e) {
        if (!textFileBusy(e) || attempt >= ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(5L * (attempt + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting " + builder.command().get(0),
              interrupted);
        }
      }
    }
  }

  private static boolean textFileBusy(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("error=26,");
  }
}
