package dev.hoist.internal.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A further process started in a running container's namespaces and root ({@code hoist exec}).
 *
 * @param argv the process and its arguments (the first is searched in {@code env}'s PATH)
 * @param env {@code NAME=value} entries, exactly the process's environment
 * @param cwd absolute working directory inside the container
 * @param uid numeric user
 * @param gid numeric primary group
 * @param groups supplementary groups
 * @param tty allocate a terminal
 * @param privileged {@code exec --privileged}: every capability, whatever the container has
 *     (its seccomp filter and no_new_privs stay, as Docker's)
 */
public record ExecSpec(List<String> argv, List<String> env, String cwd, int uid, int gid,
    List<Integer> groups, boolean tty, boolean privileged) {
  public ExecSpec(List<String> argv, List<String> env, String cwd, int uid, int gid,
      List<Integer> groups, boolean tty) {
    this(argv, env, cwd, uid, gid, groups, tty, false);
  }

  public ExecSpec {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    groups = List.copyOf(groups);
    Objects.requireNonNull(cwd, "cwd");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("exec needs a command");
    }
    if (!cwd.startsWith("/")) {
      throw new IllegalArgumentException("working directory must be absolute: " + cwd);
    }
  }

  /** The container's options as this process takes them: every capability when privileged. */
  public HostOptions processOptions(HostOptions container) {
    return privileged ? container.toBuilder().privileged(true).build() : container;
  }
}
