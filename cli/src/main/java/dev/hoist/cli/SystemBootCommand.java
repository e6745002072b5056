package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system boot}: what Docker's daemon does when it starts, once after the host
 * booted (docs/containers.md has the systemd unit that runs it): starts the containers whose
 * restart policy is {@code always}, and those with {@code unless-stopped} the user had not
 * stopped. Prints each one's name; exit code 1 when one could not start.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
    description = "Start the containers with restart policy always or unless-stopped (unless "
        + "stopped by the user), as after a reboot (run it from the systemd unit in "
        + "docs/containers.md).")
final class SystemBootCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ContainerService containers = ContainerCli.containers(spec);
    boolean[] failed = {false};
    containers.boot(c -> out.println(c.name()), (c, e) -> {
      failed[0] = true;
      err.println("hoist: cannot start " + c.name() + ": " + e.getMessage());
    });
    return failed[0] ? 1 : 0;
  }
}
