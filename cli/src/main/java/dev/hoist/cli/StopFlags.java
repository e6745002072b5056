package dev.hoist.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code stop}'s and {@code restart}'s {@code -s --signal} and {@code -t --timeout}, as Docker's. */
final class StopFlags {
  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL",
      description = "Signal to send first (default: the container's STOPSIGNAL, else SIGTERM).")
  String signal;

  @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "SECONDS",
      description = "Seconds to wait before SIGKILL "
          + "(default: the container's --stop-timeout, else 10).")
  Integer seconds;

  /** The wait the user gave, or null for the container's own. */
  Duration timeout() {
    return seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds));
  }
}
