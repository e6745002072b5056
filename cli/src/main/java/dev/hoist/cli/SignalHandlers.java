package dev.hoist.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A handler installed for some signals until {@link #close}, which puts the previous handlers
 * back: the one install-and-restore of {@link SignalRelay}, {@code attach}'s proxy, attached
 * {@code compose up} and {@link ControllingTerminal}'s SIGWINCH. A signal the JVM keeps for
 * itself is left alone.
 */
final class SignalHandlers implements AutoCloseable {
  private final List<Signal> installed = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private SignalHandlers() {}

  /** {@code handler} called with the signal's name ({@code TERM}) for each of {@code names}. */
  static SignalHandlers install(List<String> names, Consumer<String> handler) {
    SignalHandlers handlers = new SignalHandlers();
    for (String name : names) {
      try {
        Signal signal = new Signal(name);
        handlers.previous.add(Signal.handle(signal, s -> handler.accept(name)));
        handlers.installed.add(signal);
      } catch (IllegalArgumentException usedByTheJvm) {
        // the JVM keeps this one for itself
      }
    }
    return handlers;
  }

  @Override
  public void close() {
    for (int i = 0; i < installed.size(); i++) {
      Signal.handle(installed.get(i), previous.get(i));
    }
  }
}
