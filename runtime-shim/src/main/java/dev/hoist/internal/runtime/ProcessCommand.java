package dev.hoist.internal.runtime;

import dev.hoist.cache.model.ContainerConfig;
import java.util.List;

/**
 * The container's argv from the image's {@code Entrypoint} and {@code Cmd} and what the user
 * gave, by Docker's rules: {@code --entrypoint E} replaces the image's entrypoint with
 * {@code [E]} ({@code ""} clears it) and drops the image's {@code Cmd}; arguments after the image
 * replace {@code Cmd}; the result is entrypoint followed by cmd.
 */
public final class ProcessCommand {
  private ProcessCommand() {}

  /**
   * @param entrypoint {@code --entrypoint}, or null when not given
   * @param cmd the arguments after the image name (empty: the image's)
   */
  public static List<String> argv(ContainerConfig image, String entrypoint, List<String> cmd) {
    return split(image, entrypoint, cmd, false, null).argv();
  }

  /**
   * The entrypoint and the command apart, as {@code docker inspect}'s {@code Config} shows them
   * (their concatenation is {@link #argv}); {@code openStdin}: {@code -i}; {@code user}:
   * {@code -u}, null for the image's.
   */
  public static CreateConfig split(ContainerConfig image, String entrypoint, List<String> cmd,
      boolean openStdin, String user) {
    List<String> entry = null;
    if (entrypoint != null) {
      if (!entrypoint.isEmpty()) {
        entry = List.of(entrypoint);
      }
    } else if (image.entrypoint() != null && !image.entrypoint().isEmpty()) {
      entry = image.entrypoint();
    }
    List<String> command = null;
    if (!cmd.isEmpty()) {
      command = cmd;
    } else if (entrypoint == null && image.cmd() != null && !image.cmd().isEmpty()) {
      command = image.cmd();
    }
    if (entry == null && command == null) {
      throw new IllegalArgumentException("no command specified: the image has no Entrypoint or "
          + "Cmd, give one after the image name");
    }
    return new CreateConfig(entry, command, openStdin, user != null ? user : image.user());
  }
}
