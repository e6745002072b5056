package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes the signals hoist receives on to a foreground container, as {@code docker run} does
 * (its {@code --sig-proxy}). It is installed before the container starts: a signal that arrives
 * while the container is being started is kept and delivered once it runs, never lost (nor left
 * to the JVM's default, which would end hoist and orphan the container). SIGINT is passed only
 * when hoist has no terminal: in a terminal, Ctrl-C reaches the container's runtime process
 * directly (same process group), and relaying it again would deliver it twice.
 */
final class SignalRelay implements AutoCloseable {
  private final List<String> pending = new ArrayList<>();
  private SignalHandlers handlers;
  private ContainerProcess process;

  static SignalRelay install() {
    SignalRelay relay = new SignalRelay();
    List<String> names = new ArrayList<>(List.of("TERM", "HUP", "USR1", "USR2"));
    if (System.console() == null) {
      names.add("INT");
    }
    relay.handlers = SignalHandlers.install(names, relay::received);
    return relay;
  }

  /** The container is running: signals go to it from now on, and those kept meanwhile too. */
  synchronized void attach(ContainerProcess started) {
    process = started;
    pending.forEach(this::forward);
    pending.clear();
  }

  private synchronized void received(String name) {
    if (process == null) {
      pending.add(name);
    } else {
      forward(name);
    }
  }

  private void forward(String name) {
    try {
      process.signal(name);
    } catch (IOException | RuntimeException e) {
      // the container is gone: nothing to pass on
    }
  }

  @Override
  public void close() {
    handlers.close();
  }
}
