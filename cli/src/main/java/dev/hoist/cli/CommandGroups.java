package dev.hoist.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Docker's management commands: {@code hoist container ls|run|rm|…} and {@code hoist image
 * ls|rm|pull|…} are the top-level commands' own classes registered a second time, under the
 * group and Docker's subcommand name and aliases ({@code container ls} is {@code ps}, {@code
 * image rm} is {@code rmi}); nothing is copied. As {@link Main} does for the top level, only the
 * member named on the command line gets its picocli model built (all of them for help or an
 * unknown name).
 */
final class CommandGroups {
  private CommandGroups() {}

  /** A member of a group: its name there, the class, and its aliases there. */
  record Member(String name, Class<?> command, List<String> aliases) {
    Member(String name, Class<?> command, String... aliases) {
      this(name, command, List.of(aliases));
    }
  }

  private static final Map<String, List<Member>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("container", List.of(
        new Member("attach", AttachCommand.class),
        new Member("commit", CommitCommand.class),
        new Member("cp", CpCommand.class),
        new Member("create", CreateCommand.class),
        new Member("diff", DiffCommand.class),
        new Member("exec", ExecCommand.class),
        new Member("export", ExportCommand.class),
        new Member("inspect", InspectCommand.class),
        new Member("kill", KillCommand.class),
        new Member("logs", LogsCommand.class),
        new Member("ls", PsCommand.class, "ps", "list"),
        new Member("pause", PauseCommand.class),
        new Member("port", PortCommand.class),
        new Member("prune", ContainerPruneCommand.class),
        new Member("rename", RenameCommand.class),
        new Member("restart", RestartCommand.class),
        new Member("rm", RmCommand.class, "remove"),
        new Member("run", RunCommand.class),
        new Member("start", StartCommand.class),
        new Member("stats", StatsCommand.class),
        new Member("stop", StopCommand.class),
        new Member("top", TopCommand.class),
        new Member("unpause", UnpauseCommand.class),
        new Member("update", UpdateCommand.class),
        new Member("wait", WaitCommand.class)));
    GROUPS.put("image", List.of(
        new Member("build", BuildCommand.class),
        new Member("history", HistoryCommand.class),
        new Member("import", ImportCommand.class),
        new Member("inspect", InspectCommand.class),
        new Member("load", LoadCommand.class),
        new Member("ls", ImagesCommand.class, "list"),
        new Member("prune", ImagePruneCommand.class),
        new Member("pull", PullCommand.class),
        new Member("push", PushCommand.class),
        new Member("rm", RmiCommand.class, "rmi", "remove"),
        new Member("save", SaveCommand.class),
        new Member("tag", TagCommand.class)));
  }

  /** The members of each group, by the group's name (for the tests). */
  static Map<String, List<Member>> groups() {
    return java.util.Collections.unmodifiableMap(GROUPS);
  }

  /**
   * Adds the members of the group {@code group} is (named {@code name}) to it: the one
   * {@code wanted} names (a name or alias), or every member when none does.
   */
  static void populate(CommandLine group, String name, String wanted) {
    List<Member> members = GROUPS.get(name);
    Member only = members.stream()
        .filter(m -> m.name().equals(wanted) || m.aliases().contains(wanted))
        .findFirst().orElse(null);
    for (Member member : members) {
      if (only == null || member == only) {
        group.addSubcommand(member.name(), member.command(),
            member.aliases().toArray(String[]::new));
      }
    }
  }

  /** {@code hoist container}: Docker's container commands under their group name. */
  @CommandLine.Command(name = "container", mixinStandardHelpOptions = true,
      description = "Manage containers (the container commands under Docker's group name).")
  static final class Container implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code hoist image}: Docker's image commands under their group name. */
  @CommandLine.Command(name = "image", mixinStandardHelpOptions = true,
      description = "Manage images (the image commands under Docker's group name).")
  static final class Image implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
