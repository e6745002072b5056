package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;

/**
 * The steps {@code hoist-monitor} runs around a detached container, each in a short-lived JVM
 * (none runs while the container does):
 *
 * <pre>
 *   MonitorStep HOIST_HOME ID start               prepare the container (root, cgroups, network
 *                                                 owned by the monitor), hand the runtime's
 *                                                 command line to the monitor, record it running
 *   MonitorStep HOIST_HOME ID exit CODE FINISHED  clean up after it, record the exit (or remove
 *                                                 it: --rm), apply the restart policy
 * </pre>
 *
 * <p>Exit status: 0 done; {@value #RESTART} (exit step) the monitor restarts the container after
 * its back-off; 125 a usage error; other: the step failed (its message is in the log).
 */
public final class MonitorStep {
  /** The exit step's status that tells the monitor to restart the container. */
  static final int RESTART = 3;

  private MonitorStep() {}

  public static void main(String[] args) throws Exception {
    ProcessStarts.preferVfork();
    boolean start = args.length == 3 && args[2].equals("start");
    boolean exit = args.length == 5 && args[2].equals("exit");
    if (!start && !exit) {
      System.err.println("usage: MonitorStep HOIST_HOME ID start | exit CODE FINISHED");
      System.exit(125);
    }
    // what fails beside the container's work goes to the log, as the container's output does
    Containers containers = new Containers(new HoistHome(Path.of(args[0])), MonitorCommand.NONE,
        message -> System.err.println("hoist: " + message));
    try {
      if (start) {
        containers.startUnderMonitor(containers.store().require(args[1]));
        exit(0);
      }
      boolean restart = containers.exitUnderMonitor(args[1], Integer.parseInt(args[3]), args[4]);
      exit(restart ? RESTART : 0);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("hoist: " + e.getMessage());
      exit(start ? 125 : 1);
    }
  }

  /** Exits with {@code code} once the network helpers the step used have ended (see there). */
  private static void exit(int code) {
    dev.hoist.internal.runtime.net.NetHelperServers.endIdle(java.time.Duration.ofMillis(200));
    System.exit(code);
  }
}
