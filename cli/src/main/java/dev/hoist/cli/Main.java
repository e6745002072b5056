package dev.hoist.cli;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code hoist} command: parses arguments and hands each subcommand to the modules. */
@Command(
    name = "hoist",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A daemonless OCI image toolkit: parse Dockerfiles, build, push, pull and run images."
)
public final class Main implements Runnable {
  /**
   * The subcommands by name, in the order help lists them. Only the one named on the command line
   * gets its picocli model built (all of them for help and unknown names): building all ~30
   * models by reflection costs more than a quick command's own work. The names are those of the
   * classes' {@code @Command} annotations (MainTest checks), written here so that finding the
   * command reads no other class's annotations.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("dockerfile", DockerfileCommand.class);
    SUBCOMMANDS.put("build", BuildCommand.class);
    SUBCOMMANDS.put("builder", BuilderCommand.class);
    SUBCOMMANDS.put("buildx", BuildxCommand.class);
    SUBCOMMANDS.put("images", ImagesCommand.class);
    SUBCOMMANDS.put("tag", TagCommand.class);
    SUBCOMMANDS.put("rmi", RmiCommand.class);
    SUBCOMMANDS.put("inspect", InspectCommand.class);
    SUBCOMMANDS.put("save", SaveCommand.class);
    SUBCOMMANDS.put("load", LoadCommand.class);
    SUBCOMMANDS.put("import", ImportCommand.class);
    SUBCOMMANDS.put("pull", PullCommand.class);
    SUBCOMMANDS.put("push", PushCommand.class);
    SUBCOMMANDS.put("copy", CopyCommand.class);
    SUBCOMMANDS.put("ls-tags", LsTagsCommand.class);
    SUBCOMMANDS.put("login", LoginCommand.class);
    SUBCOMMANDS.put("logout", LogoutCommand.class);
    SUBCOMMANDS.put("run", RunCommand.class);
    SUBCOMMANDS.put("create", CreateCommand.class);
    SUBCOMMANDS.put("start", StartCommand.class);
    SUBCOMMANDS.put("stop", StopCommand.class);
    SUBCOMMANDS.put("kill", KillCommand.class);
    SUBCOMMANDS.put("pause", PauseCommand.class);
    SUBCOMMANDS.put("unpause", UnpauseCommand.class);
    SUBCOMMANDS.put("rm", RmCommand.class);
    SUBCOMMANDS.put("ps", PsCommand.class);
    SUBCOMMANDS.put("port", PortCommand.class);
    SUBCOMMANDS.put("logs", LogsCommand.class);
    SUBCOMMANDS.put("exec", ExecCommand.class);
    SUBCOMMANDS.put("cp", CpCommand.class);
    SUBCOMMANDS.put("diff", DiffCommand.class);
    SUBCOMMANDS.put("export", ExportCommand.class);
    SUBCOMMANDS.put("wait", WaitCommand.class);
    SUBCOMMANDS.put("restart", RestartCommand.class);
    SUBCOMMANDS.put("rename", RenameCommand.class);
    SUBCOMMANDS.put("events", EventsCommand.class);
    SUBCOMMANDS.put("history", HistoryCommand.class);
    SUBCOMMANDS.put("commit", CommitCommand.class);
    SUBCOMMANDS.put("top", TopCommand.class);
    SUBCOMMANDS.put("stats", StatsCommand.class);
    SUBCOMMANDS.put("update", UpdateCommand.class);
    SUBCOMMANDS.put("attach", AttachCommand.class);
    SUBCOMMANDS.put("container", CommandGroups.Container.class);
    SUBCOMMANDS.put("image", CommandGroups.Image.class);
    SUBCOMMANDS.put("manifest", ManifestCommand.class);
    SUBCOMMANDS.put("volume", VolumeCommand.class);
    SUBCOMMANDS.put("network", NetworkCommand.class);
    SUBCOMMANDS.put("system", SystemCommand.class);
    SUBCOMMANDS.put("compose", ComposeCommand.class);
    SUBCOMMANDS.put("version", VersionCommand.class);
    SUBCOMMANDS.put("info", InfoCommand.class);
    SUBCOMMANDS.put("generate-completion", AutoComplete.GenerateCompletion.class);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
  }

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces and internal details on errors.")
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Whether the command's streams are this process's own ({@link #main}): containers then use
   * them directly (a terminal stays a terminal); otherwise ({@link #execute} with other writers)
   * their output is copied into the given writers.
   */
  private final boolean processStreams;
  private final PrintWriter err;
  private Hoist hoist;
  private dev.hoist.internal.service.WarmMonitorSteps warmSteps;

  private Main(boolean processStreams, PrintWriter err) {
    this.processStreams = processStreams;
    this.err = err;
  }

  public static void main(String[] args) {
    dev.hoist.internal.runtime.Trace.mark("main");
    dev.hoist.internal.runtime.ProcessStarts.preferVfork();
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        true);
    // the network helpers this command used end now, not with the JVM: the JVM's exit waits
    // 0.3 s for threads in native calls, and each helper's process reaper is in one
    dev.hoist.internal.runtime.net.NetHelperServers.endIdle(java.time.Duration.ofMillis(200));
    dev.hoist.internal.runtime.Trace.mark("exit");
    System.exit(code);
  }

  /** Runs hoist with the given arguments and streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, false);
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err,
      boolean processStreams) {
    OptionalInt quick = QuickCommands.run(args, out);
    if (quick.isPresent()) {
      return quick.getAsInt();
    }
    Main main = new Main(processStreams, err);
    String wanted = firstWord(args);
    WarmUp.startFor(wanted, List.of(args));
    CommandLine cli = new CommandLine(main);
    // help and completion need every command
    Class<?> only = wanted.equals("help") || wanted.equals("generate-completion") ? null
        : SUBCOMMANDS.get(wanted);
    for (Map.Entry<String, Class<?>> command : SUBCOMMANDS.entrySet()) {
      if (only == null || command.getValue() == only) {
        cli.addSubcommand(command.getValue());
        if (CommandGroups.groups().containsKey(command.getKey())) {
          CommandGroups.populate(cli.getSubcommands().get(command.getKey()), command.getKey(),
              only == null ? "" : secondWord(args));
        }
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    CommandLine completion = cli.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion.getCommandSpec().usageMessage().hidden(false);
    }
    stopAtPositional(cli);
    cli.setParameterExceptionHandler(Main::badCommandLine);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (main.debug) {
        e.printStackTrace(err);
      }
      // run and create fail as Docker's: 125 when hoist itself failed (the container's own
      // status is theirs otherwise: 126 and 127 come from the runtime); compose run as
      // Compose v2's: 1 (only a container's non-zero exit is its own status)
      boolean runs = COMMAND_AFTER_OPERAND.contains(commandLine.getCommandSpec().userObject()
          .getClass()) && !(commandLine.getCommandSpec().userObject() instanceof ExecCommand
          || commandLine.getCommandSpec().userObject() instanceof TopCommand
          || commandLine.getCommandSpec().userObject() instanceof ComposeCommands.Exec
          || commandLine.getCommandSpec().userObject() instanceof ComposeRunCommand);
      if (e instanceof DockerfileException || e instanceof UserError
          || e instanceof IllegalArgumentException) {
        err.println("error: " + e.getMessage());
        return runs ? 125 : 1;
      }
      if (e instanceof java.io.IOException io) {
        err.println("error: " + describe(io));
        return runs ? 125 : 1;
      }
      if (!main.debug) {
        err.println("error: internal error: " + e + " (run with --debug for details)");
      }
      return runs ? 125 : 70;
    });
    int code;
    try {
      code = cli.execute(args);
    } finally {
      main.closeWarmSteps();
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The commands whose options end at the image (or container): the rest is its command. */
  private static final java.util.Set<Class<?>> COMMAND_AFTER_OPERAND =
      java.util.Set.of(RunCommand.class, CreateCommand.class, ExecCommand.class,
          TopCommand.class, ComposeCommands.Exec.class, ComposeRunCommand.class);

  /** Sets {@code run}, {@code create} and {@code exec} to stop at their first operand, also in groups. */
  private static void stopAtPositional(CommandLine command) {
    for (CommandLine sub : command.getSubcommands().values()) {
      if (COMMAND_AFTER_OPERAND.contains(sub.getCommandSpec().userObject().getClass())) {
        sub.setStopAtPositional(true);
      } else {
        stopAtPositional(sub);
      }
    }
  }

  /**
   * A command line picocli cannot parse, as Docker answers one: a line saying what is wrong and
   * {@code See 'hoist COMMAND --help'.}, exit status 125; an unknown command is Docker's
   * {@code hoist: 'NAME' is not a hoist command.}, exit status 1. No usage text.
   */
  private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String path = command.getCommandSpec().qualifiedName();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !command.getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      String name = unmatched.getUnmatched().get(0);
      err.println(path + ": '" + name + "' is not a hoist command.");
      err.println("See '" + path + " --help'.");
      err.flush();
      return 1;
    }
    err.println("error: " + e.getMessage().lines().findFirst().orElse(""));
    err.println("See '" + path + " --help'.");
    err.flush();
    return 125;
  }

  /** Whether the command's streams are this process's own (see {@link #processStreams}). */
  boolean processStreams() {
    return processStreams;
  }

  /**
   * The services, over the context of this run made on first use (a quick command makes
   * none): the home and environment of this process, warnings as {@code hoist: …} lines on the
   * error stream, detached containers run by this JVM ({@link CliMonitor}).
   */
  synchronized Hoist hoist() {
    if (hoist == null) {
      hoist = Hoist.of(HoistContext.fromProcess()
          .diagnostics(message -> {
            err.println("hoist: " + message);
            err.flush();
          })
          .monitor(CliMonitor.command())
          // the process exits after the command (main): a foreground container's network
          // removal need not be waited for; in-process callers (tests) get it done on return
          .backgroundNetworkRemoval(processStreams)
          .build());
    }
    return hoist;
  }

  /**
   * {@link #hoist}'s services with the monitor's steps of the containers they start run in this
   * JVM for the rest of the command ({@link dev.hoist.internal.service.WarmMonitorSteps}), and
   * so are the exit steps of the project's containers that stop meanwhile: for a command that
   * starts or stops several containers (compose's up, down), which would start a JVM for each
   * step otherwise. Closed (the steps being served ended) when the command returns.
   */
  synchronized Hoist hoistWithWarmSteps() {
    if (warmSteps == null) {
      // without a step socket (a home too long a path for one) the steps run as they would
      // without it, each in a JVM: nothing the command's output should say
      warmSteps = dev.hoist.internal.service.WarmMonitorSteps.start(hoist(), message -> { });
    }
    return warmSteps.hoist();
  }

  private synchronized void closeWarmSteps() {
    if (warmSteps != null) {
      try {
        warmSteps.close();
      } catch (java.io.IOException e) {
        err.println("hoist: " + e.getMessage());
      }
      warmSteps = null;
    }
  }

  /** The subcommands' names, in help's order (for the tests). */
  static Map<String, Class<?>> subcommands() {
    return Collections.unmodifiableMap(SUBCOMMANDS);
  }

  /** The subcommand's name: the first argument that is not an option. */
  private static String firstWord(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return "";
  }

  /** The word after the first one that is not an option (a group's member), or "". */
  private static String secondWord(String[] args) {
    boolean first = true;
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        if (!first) {
          return arg;
        }
        first = false;
      }
    }
    return "";
  }

  private static String describe(java.io.IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    return e.getMessage();
  }
}
