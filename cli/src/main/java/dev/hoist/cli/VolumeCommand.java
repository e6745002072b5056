package dev.hoist.cli;

import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.service.VolumeService;
import dev.hoist.internal.service.docker.VolumeInspect;
import java.io.IOException;
import java.io.PrintWriter;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.VolumeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist volume create|ls|inspect|rm}: named volumes under {@code $HOIST_HOME/volumes}. */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "Manage volumes.",
    subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class,
        VolumeCommand.Inspect.class, VolumeCommand.Rm.class, VolumePruneCommand.class})
final class VolumeCommand {
  static VolumeService volumes(CommandSpec spec) {
    return Cli.hoist(spec).volumes();
  }

  /** {@code hoist volume create [NAME]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a volume (a random name when none is given); prints its name.")
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1") String name;

    @Option(names = "--label", paramLabel = "K=V",
        description = "Set a label on the volume (K alone: an empty value).")
    List<String> labels = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      try {
        VolumeStore.Volume v = volumes(spec).create(name,
            dev.hoist.internal.runtime.ContainerLabels.parse(List.of(), labels));
        spec.commandLine().getOut().println(v.name());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      return 0;
    }
  }

  /** {@code hoist volume ls [-q] [--filter K=V] [--format F]}: rows are {@link VolumeRow}s. */
  @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
      description = "List volumes.")
  static final class Ls implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only names.")
    boolean quiet;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
        description = "Filter: name, label, dangling, driver.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "'table TEMPLATE', 'json' or a Go template over .Name .Driver ….")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      List<VolumeSummary> volumes;
      try {
        volumes = volumes(spec).list(Filters.parse(filters));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      // docker/cli's NewVolumeFormat: -q applies to the default table only
      String shown = format == null || format.isEmpty() || format.equals("table")
          ? (quiet ? "{{.Name}}" : VolumeRow.TABLE) : format;
      ListFormat.print(spec.commandLine().getOut(), shown,
          volumes.stream().map(v -> VolumeRow.of(v, false)).toList(), VolumeRow.HEADERS);
      return 0;
    }
  }

  /** {@code hoist volume inspect NAME…}. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show volumes as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
        description = "Format the output: 'json', or a Go template run over each object.")
    String format;

    @Parameters(paramLabel = "NAME", arity = "1..*") List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      List<VolumeInspect> result = new ArrayList<>();
      for (String name : names) {
        try {
          result.add(volumes(spec).dockerInspect(name, false));
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
      }
      InspectFormat.printObjects(spec.commandLine().getOut(), result, format);
      return 0;
    }
  }

  /** {@code hoist volume rm [-f] NAME…}: refused while a container uses the volume. */
  @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
      description = "Remove volumes no container uses.")
  static final class Rm implements Callable<Integer> {
    @Option(names = {"-f", "--force"}, description = "No error for volumes that do not exist.")
    boolean force;

    @Parameters(paramLabel = "NAME", arity = "1..*") List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      VolumeService volumes = volumes(spec);
      return ContainerCli.forEach(spec, names, name -> volumes.remove(name, force));
    }
  }
}
