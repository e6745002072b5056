package dev.hoist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.service.VolumeService;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      try {
        VolumeStore.Volume v = volumes(spec).create(name);
        spec.commandLine().getOut().println(v.name());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      return 0;
    }
  }

  /** {@code hoist volume ls [-q]}. */
  @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
      description = "List volumes.")
  static final class Ls implements Callable<Integer> {
    @Option(names = {"-q", "--quiet"}, description = "Only names.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      List<VolumeStore.Volume> all = volumes(spec).list();
      if (quiet) {
        all.forEach(v -> out.println(v.name()));
        return 0;
      }
      Table table = new Table("DRIVER", "VOLUME NAME");
      all.forEach(v -> table.row("local", v.name()));
      table.print(out);
      return 0;
    }
  }

  /** {@code hoist volume inspect NAME…}. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show volumes as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "1..*") List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      ArrayNode result = CanonicalJson.mapper().createArrayNode();
      for (String name : names) {
        VolumeStore.Volume v;
        try {
          v = volumes(spec).require(name);
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
        ObjectNode node = result.addObject();
        node.put("CreatedAt", v.created().toInstant().toString());
        node.put("Driver", "local");
        node.putObject("Labels");
        node.put("Mountpoint", v.data().toString());
        node.put("Name", v.name());
        node.putObject("Options");
        node.put("Scope", "local");
      }
      spec.commandLine().getOut().println(CanonicalJson.pretty(result));
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
