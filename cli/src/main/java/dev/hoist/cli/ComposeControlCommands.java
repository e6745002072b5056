package dev.hoist.cli;

import dev.hoist.cli.format.DockerFormat;
import dev.hoist.internal.compose.ComposeControl;
import dev.hoist.internal.compose.ComposeService;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The subcommands of {@code hoist compose} that act on what {@code up} made ({@code kill},
 * {@code pause}, {@code unpause}, {@code top}, {@code port}, {@code images}, {@code pull},
 * {@code push}, {@code ls}, {@code version}): options, one {@link ComposeControl} call, output.
 */
final class ComposeControlCommands {
  private ComposeControlCommands() {}

  /** What the per-service commands take: {@code [SERVICE…]}. */
  abstract static class Services implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    ComposeControl control() {
      return new ComposeControl(Cli.hoist(spec));
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** {@code kill [-s SIGNAL] [SERVICE…]}. */
  @Command(name = "kill", mixinStandardHelpOptions = true,
      description = "Send a signal (default: SIGKILL) to the services' containers.")
  static final class Kill extends Services {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "SIGKILL",
        description = "Signal to send (default: SIGKILL).")
    String signal;

    @Override
    public Integer call() throws IOException {
      control().kill(parent.project(true), services, signal, parent.events());
      return 0;
    }
  }

  /** {@code pause [SERVICE…]}. */
  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause services.")
  static final class Pause extends Services {
    @Override
    public Integer call() throws IOException {
      control().pause(parent.project(true), services, parent.events());
      return 0;
    }
  }

  /** {@code unpause [SERVICE…]}. */
  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause services.")
  static final class Unpause extends Services {
    @Override
    public Integer call() throws IOException {
      control().unpause(parent.project(true), services, parent.events());
      return 0;
    }
  }

  /** {@code top [SERVICE…]}: each running container's name, then its processes. */
  @Command(name = "top", mixinStandardHelpOptions = true,
      description = "Display the running processes of the services' containers.")
  static final class Top extends Services {
    @Override
    public Integer call() throws IOException {
      PrintWriter out = out();
      for (Map.Entry<String, ContainerService.Top> e
          : control().top(parent.project(true), services).entrySet()) {
        StringBuilder text = new StringBuilder(String.join("\t", e.getValue().titles()))
            .append('\n');
        e.getValue().processes().forEach(p -> text.append(String.join("\t", p)).append('\n'));
        out.println(e.getKey());
        out.print(DockerFormat.align(text.toString(), 20, 3));
        out.println();
      }
      out.flush();
      return 0;
    }
  }

  /** {@code port [--protocol P] [--index N] SERVICE PORT}. */
  @Command(name = "port", mixinStandardHelpOptions = true,
      description = "Print the public address and port of a service's container port.")
  static final class Port implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "tcp|udp", defaultValue = "tcp",
        description = "Protocol (default: tcp).")
    String protocol;

    @Option(names = "--index", paramLabel = "N", defaultValue = "1",
        description = "Which container of the service (default: 1).")
    int index;

    @Parameters(index = "0", paramLabel = "SERVICE") String service;

    @Parameters(index = "1", paramLabel = "PORT") String port;

    @Override
    public Integer call() throws IOException {
      String key = port.contains("/") ? port : port + "/" + protocol;
      spec.commandLine().getOut().println(new ComposeControl(Cli.hoist(spec))
          .port(parent.project(true), service, index, key));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code images [-q] [SERVICE…]}. */
  @Command(name = "images", mixinStandardHelpOptions = true,
      description = "List the images the services' containers run.")
  static final class Images extends Services {
    @Option(names = {"-q", "--quiet"}, description = "Only image IDs.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = out();
      List<ComposeControl.ContainerImage> images = control().images(parent.project(true),
          services);
      if (quiet) {
        // as Compose's: the whole ID without its algorithm
        images.stream().map(ComposeControl.ContainerImage::imageId)
            .filter(java.util.Objects::nonNull).map(id -> id.substring(id.indexOf(':') + 1))
            .distinct().forEach(out::println);
      } else {
        StringBuilder text = new StringBuilder("CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\n");
        for (ComposeControl.ContainerImage i : images) {
          text.append(i.container()).append('\t').append(i.repository()).append('\t')
              .append(i.tag()).append('\t')
              .append(i.imageId() == null ? "" : HistoryRow.shortId(i.imageId())).append('\n');
        }
        out.print(DockerFormat.align(text.toString(), 20, 3));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code pull [--ignore-pull-failures] [SERVICE…]}. */
  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = "Pull the services' images.")
  static final class Pull extends Services {
    @Option(names = "--ignore-pull-failures", description = "Go on when an image fails.")
    boolean ignoreFailures;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
      control().pull(parent.project(true), services, ignoreFailures,
          quiet ? e -> { } : parent.events());
      return 0;
    }
  }

  /** {@code push [SERVICE…]}. */
  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Push the images of the services that build one and name it.")
  static final class Push extends Services {
    @Override
    public Integer call() throws IOException {
      control().push(parent.project(true), services, parent.events());
      return 0;
    }
  }

  /**
   * {@code ls [-a] [-q] [--format table|json] [--filter name=PATTERN]…}: the projects the
   * store's containers name.
   */
  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List the projects (those with a running container; -a: all).")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Also projects with no running container.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only project names.")
    boolean quiet;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "Output format (default: table).")
    String format;

    @Option(names = "--filter", paramLabel = "name=PATTERN", description = "Only projects "
        + "whose name matches (a regular expression; several: any).")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      List<String> names = new ArrayList<>();
      for (String f : filters) {
        if (!f.startsWith("name=")) {
          throw new UserError("--filter takes name=PATTERN, not " + f);
        }
        names.add(f.substring("name=".length()));
      }
      List<ComposeControl.ProjectSummary> projects = new ComposeControl(Cli.hoist(spec))
          .projects(all, names);
      PrintWriter out = spec.commandLine().getOut();
      if (quiet) {
        projects.forEach(p -> out.println(p.name()));
      } else if (format.equals("json")) {
        com.fasterxml.jackson.databind.node.ArrayNode array =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (ComposeControl.ProjectSummary p : projects) {
          array.addObject().put("Name", p.name()).put("Status", p.status())
              .put("ConfigFiles", p.configFiles());
        }
        out.println(DockerFormat.json(array));
      } else if (format.equals("table")) {
        StringBuilder text = new StringBuilder("NAME\tSTATUS\tCONFIG FILES\n");
        projects.forEach(p -> text.append(p.name()).append('\t').append(p.status()).append('\t')
            .append(p.configFiles()).append('\n'));
        out.print(DockerFormat.align(text.toString(), 20, 3));
      } else {
        throw new UserError("--format takes table or json, not " + format);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code version [--short]}. */
  @Command(name = "version", mixinStandardHelpOptions = true,
      description = "Show the compose version (hoist's).")
  static final class Version implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--short", description = "Only the number.")
    boolean shortForm;

    @Override
    public Integer call() throws IOException {
      String version = new VersionProvider().getVersion()[0].substring("hoist ".length());
      spec.commandLine().getOut().println(shortForm ? version
          : "hoist compose version " + version);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static ComposeControl.RemoveImages rmi(String value) {
    try {
      return ComposeControl.RemoveImages.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** {@code down} with {@code --rmi} ({@link ComposeCommands.Down}'s options). */
  static void down(ComposeCommand parent, CommandSpec spec, ComposeService.DownOptions options,
      String rmi) throws IOException, InterruptedException {
    new ComposeControl(Cli.hoistWithWarmSteps(spec)).down(parent.project(true), options, rmi(rmi),
        parent.events());
  }
}
