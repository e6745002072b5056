package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The program the monitor ({@code hoist-monitor}) runs at each step of a detached container's
 * life, with the step's arguments appended ({@code start}; {@code exit CODE FINISHED}): it must
 * do what {@link MonitorStep#main} does for container {@code id} of {@code home} (hoist's own is
 * {@code java … MonitorStep HOME ID}; it runs only at a start and an exit, never while the
 * container runs). The program that uses this library
 * says how it is started (the CLI: its own JVM, class path and class-data archive), so that
 * the library never guesses a command line from the JVM it happens to run in.
 */
@FunctionalInterface
public interface MonitorCommand {
  List<String> command(HoistHome home, String id);

  /**
   * The socket of a running service that runs the steps in its own JVM ({@link
   * MonitorStepServer}), so that no step starts a process; the monitor falls back to {@link
   * #command} when nobody answers there (the service stopped or died). None by default.
   */
  default Optional<Path> stepService() {
    return Optional.empty();
  }

  /** This command, the steps asked of the service at {@code socket} first. */
  default MonitorCommand throughService(Path socket) {
    MonitorCommand command = this;
    return new MonitorCommand() {
      @Override
      public List<String> command(HoistHome home, String id) {
        return command.command(home, id);
      }

      @Override
      public Optional<Path> stepService() {
        return Optional.of(socket);
      }
    };
  }

  /** For a {@link Containers} that never starts detached containers: refuses. */
  MonitorCommand NONE = (home, id) -> {
    throw new IllegalStateException("no monitor command was given: this Containers cannot "
        + "start detached containers");
  };
}
