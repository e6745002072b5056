package dev.hoist.cli;

import dev.hoist.dockerfile.DockerfileException;
import java.io.PrintWriter;
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
   * The subcommands, in the order help lists them. Only the one named on the command line gets
   * its picocli model built (all of them for help and unknown names): building all ~25 models by
   * reflection costs more than a quick command's own work.
   */
  private static final Class<?>[] SUBCOMMANDS = {
      DockerfileCommand.class,
      BuildCommand.class,
      BuilderCommand.class,
      ImagesCommand.class,
      TagCommand.class,
      RmiCommand.class,
      InspectCommand.class,
      SaveCommand.class,
      LoadCommand.class,
      ImportCommand.class,
      PullCommand.class,
      PushCommand.class,
      CopyCommand.class,
      LsTagsCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      RunCommand.class,
      CreateCommand.class,
      StartCommand.class,
      StopCommand.class,
      KillCommand.class,
      PauseCommand.class,
      UnpauseCommand.class,
      RmCommand.class,
      PsCommand.class,
      LogsCommand.class,
      ExecCommand.class,
      VolumeCommand.class,
      SystemCommand.class,
      VersionCommand.class,
      InfoCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
  };

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
  static volatile boolean processStreams;

  public static void main(String[] args) {
    processStreams = true;
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs hoist with the given arguments and streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    String wanted = firstWord(args);
    WarmUp.startFor(wanted);
    CommandLine cli = new CommandLine(main);
    // help and completion need every command
    boolean known = false;
    for (Class<?> command : SUBCOMMANDS) {
      known |= command.getAnnotation(Command.class).name().equals(wanted)
          && !wanted.equals("help") && !wanted.equals("generate-completion");
    }
    for (Class<?> command : SUBCOMMANDS) {
      if (!known || command.getAnnotation(Command.class).name().equals(wanted)) {
        cli.addSubcommand(command);
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    CommandLine completion = cli.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion.getCommandSpec().usageMessage().hidden(false);
    }
    for (String name : new String[] {"run", "create", "exec"}) {
      // options after the image (or container) belong to the container's command
      CommandLine sub = cli.getSubcommands().get(name);
      if (sub != null) {
        sub.setStopAtPositional(true);
      }
    }
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (main.debug) {
        e.printStackTrace(err);
      }
      if (e instanceof DockerfileException || e instanceof UserError
          || e instanceof IllegalArgumentException) {
        err.println("error: " + e.getMessage());
        return 1;
      }
      if (e instanceof java.io.IOException io) {
        err.println("error: " + describe(io));
        return 1;
      }
      if (!main.debug) {
        err.println("error: internal error: " + e + " (run with --debug for details)");
      }
      return 70;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
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
