package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.NetworkSettings;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.ContainerService;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist port CONTAINER [PORT[/PROTO]]}: a running container's published ports, as
 * {@code docker port} prints them ({@code 80/tcp -> 0.0.0.0:8080}; with a port, only the host
 * side).
 */
@Command(name = "port", mixinStandardHelpOptions = true,
    description = "List a container's published ports, or the host side of one.")
final class PortCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Parameters(index = "1", paramLabel = "PORT[/PROTO]", arity = "0..1") String port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ContainerService containers = ContainerCli.containers(spec);
    ContainerState c = ContainerCli.require(containers, container);
    List<PortBinding> ports = NetworkSettings.of(containers.containers().store(), c)
        .map(NetworkSettings::ports).orElse(List.of());
    PrintWriter out = spec.commandLine().getOut();
    if (port == null) {
      ports.forEach(p -> out.println(p.containerKey() + " -> " + hostSide(p)));
      return 0;
    }
    String key = port.contains("/") ? port.toLowerCase(Locale.ROOT) : port + "/tcp";
    List<PortBinding> matching = ports.stream().filter(p -> p.containerKey().equals(key))
        .toList();
    if (matching.isEmpty()) {
      throw new UserError("no public port '" + key + "' published for " + container);
    }
    matching.forEach(p -> out.println(hostSide(p)));
    return 0;
  }

  private static String hostSide(PortBinding p) {
    return p.bindAddress() + ":" + p.hostPort();
  }
}
