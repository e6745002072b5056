package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.ContainerStore;
import dev.hoist.internal.runtime.NetworkSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist ps [-a] [-q] [--no-trunc]}: containers, with Docker's columns and wording. */
@Command(name = "ps", mixinStandardHelpOptions = true,
    description = "List containers (running ones unless -a).")
final class PsCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones.")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only IDs.")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Full IDs and commands.")
  boolean noTrunc;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<ContainerState> containers = ContainerCli.containers(spec).list().stream()
        .filter(c -> all || c.isActive()).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (quiet) {
      containers.forEach(c -> out.println(noTrunc ? c.id() : c.shortId()));
      return 0;
    }
    Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS",
        "NAMES");
    ContainerStore store = ContainerCli.containers(spec).containers().store();
    for (ContainerState c : containers) {
      String command = c.spec() == null ? "" : String.join(" ", c.spec().argv());
      if (!noTrunc && command.codePointCount(0, command.length()) > 20) {
        command = command.substring(0, command.offsetByCodePoints(0, 19)) + "…";
      }
      table.row(noTrunc ? c.id() : c.shortId(), c.image(), "\"" + command + "\"",
          Times.since(c.created()) + " ago", status(c), ports(store, c), c.name());
    }
    table.print(out);
    return 0;
  }

  /** The published ports, as {@code docker ps}: {@code 0.0.0.0:8080->80/tcp, …}. */
  static String ports(ContainerStore store, ContainerState c) {
    return NetworkSettings.of(store, c).map(n -> String.join(", ",
        n.ports().stream().map(Object::toString).toList())).orElse("");
  }

  /** As {@code docker ps}: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created", "(Paused)". */
  static String status(ContainerState c) {
    return switch (c.status()) {
      case CREATED -> "Created";
      case RUNNING -> "Up " + Times.since(c.startedAt());
      case PAUSED -> "Up " + Times.since(c.startedAt()) + " (Paused)";
      case EXITED -> "Exited (" + c.exitCode() + ") " + Times.since(c.finishedAt()) + " ago";
      case RESTARTING -> "Restarting (" + c.exitCode() + ") " + Times.since(c.finishedAt())
          + " ago";
    };
  }
}
