package dev.hoist.cli;

import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import dev.hoist.internal.service.NetworkService;
import dev.hoist.internal.service.docker.NetworkInspect;
import java.io.IOException;
import java.io.PrintWriter;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.NetworkSummary;
import dev.hoist.internal.service.list.PruneFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  /**
   * {@code hoist network ls [-q] [--no-trunc] [--filter K=V] [--format F]}: by name, as docker
   * lists them; rows are {@link NetworkRow}s.
   */
  @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
      description = "List networks.")
  static final class Ls implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Full IDs.")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
        description = "Filter: name, id, label, driver, type (custom|builtin), scope, dangling.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "'table TEMPLATE', 'json' or a Go template over .ID .Name .Driver ….")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      List<NetworkSummary> all;
      try {
        all = networks(spec).list(Filters.parse(filters));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      // docker/cli's network NewFormat: -q applies to the default table only
      String shown = format == null || format.isEmpty() || format.equals("table")
          ? (quiet ? "{{.ID}}" : NetworkRow.TABLE) : format;
      ListFormat.print(spec.commandLine().getOut(), shown,
          all.stream().map(n -> NetworkRow.of(n, !noTrunc)).toList(), NetworkRow.HEADERS);
      return 0;
    }
  }

  /** {@code hoist network inspect NET…}: Docker's Network JSON. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show networks as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
        description = "Format the output: 'json', or a Go template run over each object.")
    String format;

    @Parameters(paramLabel = "NETWORK", arity = "1..*") List<String> references;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NetworkService networks = networks(spec);
      List<NetworkInspect> result = new ArrayList<>();
      for (String reference : references) {
        result.add(networks.dockerInspect(reference));
      }
      InspectFormat.printObjects(spec.commandLine().getOut(), result, format);
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
    @Mixin PruneFlags prune;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PruneFilter filter = prune.filter(spec);
      if (!prune.confirm("hoist network prune removes networks",
          "This will remove all custom networks not used by at least one container.")) {
        return 0;
      }
      List<String> removed = networks(spec).prune(filter);
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
