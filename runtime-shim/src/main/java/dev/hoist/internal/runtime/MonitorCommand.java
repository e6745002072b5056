package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.util.List;

/**
 * The program the monitor ({@code hoist-monitor}) runs for a detached container: it must run
 * container {@code id} of {@code home} attached to its own streams and exit with the
 * container's status, as {@link AttachedRun#main} does. The program that uses this library
 * says how it is started (the CLI: its own JVM, class path and class-data archive), so that
 * the library never guesses a command line from the JVM it happens to run in.
 */
@FunctionalInterface
public interface MonitorCommand {
  List<String> command(HoistHome home, String id);

  /** For a {@link Containers} that never starts detached containers: refuses. */
  MonitorCommand NONE = (home, id) -> {
    throw new IllegalStateException("no monitor command was given: this Containers cannot "
        + "start detached containers");
  };
}
