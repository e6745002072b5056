package dev.hoist.cli;

import dev.hoist.internal.compose.ComposeEvent;
import dev.hoist.internal.compose.ComposeProject;
import dev.hoist.internal.compose.ComposeService;
import dev.hoist.internal.compose.ConfigView;
import dev.hoist.internal.compose.ProjectOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist compose [-f FILE]… [-p NAME] [--project-directory DIR] [--env-file FILE]…
 * [--profile P]… COMMAND}: the project's options, shared by every subcommand
 * ({@link ComposeCommands}); each subcommand is one {@link ComposeService} call.
 */
@Command(name = "compose", mixinStandardHelpOptions = true,
    description = "Define and run multi-container applications from a compose file.",
    subcommands = {ComposeCommands.Config.class, ComposeCommands.Up.class,
        ComposeCommands.Down.class, ComposeCommands.Ps.class, ComposeCommands.Logs.class,
        ComposeCommands.Exec.class, ComposeCommands.Stop.class, ComposeCommands.Start.class,
        ComposeCommands.Restart.class, ComposeCommands.Rm.class,
        ComposeControlCommands.Kill.class, ComposeControlCommands.Pause.class,
        ComposeControlCommands.Unpause.class, ComposeControlCommands.Top.class,
        ComposeControlCommands.Port.class, ComposeControlCommands.Images.class,
        ComposeControlCommands.Pull.class, ComposeControlCommands.Push.class,
        ComposeControlCommands.Ls.class, ComposeControlCommands.Version.class,
        ComposeBuildCommand.class, ComposeRunCommand.class})
final class ComposeCommand {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Compose file (several merge in order; default: compose.yaml and its "
          + "override file, found from this directory up).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name.")
  String projectName;

  @Option(names = "--project-directory", paramLabel = "DIR",
      description = "Project directory (default: the first file's).")
  Path projectDirectory;

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Variables for interpolation (default: the project directory's .env).")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable a profile.")
  List<String> profiles = new ArrayList<>();

  @Spec
  CommandSpec spec;

  /** The project these options name, loaded; its errors as one line. */
  ComposeProject project(boolean interpolate) throws IOException {
    return compose().load(options(interpolate));
  }

  /** As {@link #project}, {@code service}'s profiles enabled when needed (a targeted service). */
  ComposeProject projectTargeting(String service) throws IOException {
    return compose().loadTargeting(options(true), service);
  }

  private ProjectOptions options(boolean interpolate) {
    return new ProjectOptions(files, projectName, projectDirectory, envFiles, profiles,
        Path.of("").toAbsolutePath(), Cli.hoist(spec).context().environment(), interpolate);
  }

  ComposeService compose() {
    return (STARTS_OR_STOPS.contains(subcommand()) ? Cli.hoistWithWarmSteps(spec)
        : Cli.hoist(spec)).compose();
  }

  /**
   * The subcommands that start or stop containers: their monitors' steps (each start's, each
   * exit's) run in this JVM while the command runs, not in a JVM each.
   */
  private static final java.util.Set<String> STARTS_OR_STOPS = java.util.Set.of("up", "down",
      "start", "stop", "restart", "rm", "run");

  private String subcommand() {
    var parsed = spec.commandLine().getParseResult();
    return parsed != null && parsed.subcommand() != null
        ? parsed.subcommand().commandSpec().name() : "";
  }

  /** Prints each event as Compose does, on the error stream. */
  Consumer<ComposeEvent> events() {
    return e -> spec.commandLine().getErr().println(e);
  }

  static String render(ComposeProject project, String format) {
    return switch (format) {
      case "json" -> ConfigView.json(ConfigView.tree(project));
      case "yaml" -> ConfigView.yaml(ConfigView.tree(project));
      default -> throw new UserError("--format takes yaml or json, not " + format);
    };
  }
}
