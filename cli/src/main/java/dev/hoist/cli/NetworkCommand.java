package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.NetworkEndpoint;
import dev.hoist.internal.service.NetworkService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist network create|ls|inspect|rm|prune|connect|disconnect}: user-defined bridge
 * networks ({@link NetworkService}), with Docker's options and output.
 */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Manage networks.",
    subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class,
        NetworkCommand.Inspect.class, NetworkCommand.Rm.class, NetworkCommand.Prune.class,
        NetworkCommand.Connect.class, NetworkCommand.Disconnect.class})
final class NetworkCommand {
  static NetworkService networks(CommandSpec spec) {
    return Cli.hoist(spec).networks();
  }

  /** {@code hoist network create [--subnet] [--gateway] [--internal] [--label] [-d] NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a bridge network; prints its ID.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--subnet", paramLabel = "CIDR",
        description = "Its subnet (default: the first free /16 from 10.89.0.0/16).")
    String subnet;

    @Option(names = "--gateway", paramLabel = "IP",
        description = "The bridge's address (the subnet's first host address).")
    String gateway;

    @Option(names = "--internal", description = "No route out of the network, no NAT.")
    boolean internal;

    @Option(names = "--label", paramLabel = "K=V", description = "A label.")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-d", "--driver"}, paramLabel = "bridge", defaultValue = "bridge",
        description = "The driver (only bridge).")
    String driver;

    @Parameters(paramLabel = "NAME") String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Map<String, String> labelMap = new LinkedHashMap<>();
      for (String l : labels) {
        int eq = l.indexOf('=');
        labelMap.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
      }
      UserNetwork n = networks(spec).create(new NetworkStore.Request(name, subnet, gateway,
          internal, labelMap, driver));
      spec.commandLine().getOut().println(n.id());
      return 0;
    }
  }

  /** {@code hoist network ls [-q]}: NETWORK ID, NAME, DRIVER, SCOPE. */
  @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
      description = "List networks.")
  static final class Ls implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only IDs.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      NetworkService networks = networks(spec);
      Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
      for (NetworkService.Predefined p : networks.predefined()) {
        if (quiet) {
          out.println(p.id().substring(0, 12));
        }
        table.row(p.id().substring(0, 12), p.name(), p.driver(), "local");
      }
      for (UserNetwork n : networks.list()) {
        if (quiet) {
          out.println(n.id().substring(0, 12));
        }
        table.row(n.id().substring(0, 12), n.name(), n.driver(), "local");
      }
      if (!quiet) {
        table.print(out);
      }
      return 0;
    }
  }

  /** {@code hoist network inspect NET…}: Docker's Network JSON. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show networks as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(paramLabel = "NETWORK", arity = "1..*") List<String> references;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NetworkService networks = networks(spec);
      ArrayNode result = CanonicalJson.mapper().createArrayNode();
      for (String reference : references) {
        UserNetwork n = networks.require(reference);
        ObjectNode node = result.addObject();
        node.put("Name", n.name());
        node.put("Id", n.id());
        node.put("Created", n.created() == null ? "" : n.created());
        node.put("Scope", "local");
        node.put("Driver", n.driver());
        node.put("EnableIPv6", false);
        ObjectNode ipam = node.putObject("IPAM");
        ipam.put("Driver", "default");
        ipam.putNull("Options");
        ObjectNode config = ipam.putArray("Config").addObject();
        config.put("Subnet", n.subnet());
        config.put("Gateway", n.gateway());
        node.put("Internal", n.internal());
        node.put("Attachable", false);
        node.put("Ingress", false);
        ObjectNode containers = node.putObject("Containers");
        for (Map.Entry<ContainerState, NetworkEndpoint> e : networks.endpoints(n).entrySet()) {
          ObjectNode c = containers.putObject(e.getKey().id());
          c.put("Name", e.getKey().name());
          c.put("EndpointID", e.getValue().endpointId());
          c.put("MacAddress", e.getValue().macAddress());
          c.put("IPv4Address", e.getValue().ipv4WithPrefix());
          c.put("IPv6Address", "");
        }
        ObjectNode options = node.putObject("Options");
        options.put("com.docker.network.bridge.name", n.bridge());
        ObjectNode labels = node.putObject("Labels");
        n.labels().forEach(labels::put);
      }
      spec.commandLine().getOut().println(CanonicalJson.pretty(result));
      return 0;
    }
  }

  /** {@code hoist network rm NET…}: refused while a container is connected. */
  @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
      description = "Remove networks no container is connected to.")
  static final class Rm implements Callable<Integer> {
    @Parameters(paramLabel = "NETWORK", arity = "1..*") List<String> references;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      NetworkService networks = networks(spec);
      return ContainerCli.forEach(spec, references, r -> networks.remove(r));
    }
  }

  /** {@code hoist network prune [-f]}. */
  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Remove every user-defined network no container is connected to.")
  static final class Prune implements Callable<Integer> {
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!Confirm.ask("hoist network prune removes networks", force,
          "WARNING! This will remove all custom networks not used by at least one container."
              + "%nAre you sure you want to continue? [y/N] ")) {
        return 0;
      }
      List<String> removed = networks(spec).prune();
      PrintWriter out = spec.commandLine().getOut();
      if (!removed.isEmpty()) {
        out.println("Deleted Networks:");
        removed.forEach(out::println);
        out.println();
      }
      return 0;
    }
  }

  /** {@code hoist network connect [--alias A] [--ip IP] NET CONTAINER}. */
  @Command(name = "connect", mixinStandardHelpOptions = true,
      description = "Connect a container to a network (a running one at once).")
  static final class Connect implements Callable<Integer> {
    @Option(names = "--alias", paramLabel = "NAME", description = "Another name for it there.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IP", description = "Its address there.")
    String ip;

    @Parameters(index = "0", paramLabel = "NETWORK") String network;

    @Parameters(index = "1", paramLabel = "CONTAINER") String container;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      networks(spec).connect(network, container, aliases, ip);
      return 0;
    }
  }

  /** {@code hoist network disconnect NET CONTAINER}. */
  @Command(name = "disconnect", mixinStandardHelpOptions = true,
      description = "Disconnect a container from a network (a running one at once).")
  static final class Disconnect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NETWORK") String network;

    @Parameters(index = "1", paramLabel = "CONTAINER") String container;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      networks(spec).disconnect(network, container);
      return 0;
    }
  }
}
