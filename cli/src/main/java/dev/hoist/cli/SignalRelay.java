package dev.hoist.cli;

import dev.hoist.runtime.ContainerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes the signals hoist receives on to a foreground container, as {@code docker run} does
 * (its {@code --sig-proxy}). SIGINT is passed only when hoist has no terminal: in a terminal,
 * Ctrl-C reaches the container's runtime process directly (same process group), and relaying
 * it again would deliver it twice.
 */
final class SignalRelay implements AutoCloseable {
  private final List<Signal> installed = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  static SignalRelay install(ContainerProcess process) {
    SignalRelay relay = new SignalRelay();
    List<String> names = new ArrayList<>(List.of("TERM", "HUP", "USR1", "USR2"));
    if (System.console() == null) {
      names.add("INT");
    }
    for (String name : names) {
      try {
        Signal signal = new Signal(name);
        SignalHandler old = Signal.handle(signal, s -> {
          try {
            process.signal(name);
          } catch (IOException | RuntimeException e) {
            // the container is gone: nothing to pass on
          }
        });
        relay.installed.add(signal);
        relay.previous.add(old);
      } catch (IllegalArgumentException usedByTheJvm) {
        // the JVM keeps this one for itself
      }
    }
    return relay;
  }

  @Override
  public void close() {
    for (int i = 0; i < installed.size(); i++) {
      Signal.handle(installed.get(i), previous.get(i));
    }
  }
}
