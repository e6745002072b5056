package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Path;

/**
 * {@code java … AttachedRun HOIST_HOME ID}: runs a container attached to this process's streams
 * and exits with its status. {@code hoist-monitor} runs it for detached containers, so that the
 * runtime's own waiting and clean-up (cgroups, mounts, runc state) happen as for a foreground
 * run, with the streams going to the monitor's log.
 */
public final class AttachedRun {
  private AttachedRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: AttachedRun HOIST_HOME CONTAINER-ID");
      System.exit(125);
    }
    // what fails beside the container's work goes to the log, as the container's output does
    Containers containers = new Containers(new HoistHome(Path.of(args[0])), MonitorCommand.NONE,
        message -> System.err.println("hoist: " + message));
    ContainerState container = containers.store().require(args[1]);
    // once the container runs, this JVM only waits: give back the heap it used to start it
    System.exit(containers.runAttached(container, Stdio.inherit(), process -> System.gc(), true));
  }
}
