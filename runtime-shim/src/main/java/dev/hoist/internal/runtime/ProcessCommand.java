package dev.hoist.internal.runtime;

import dev.hoist.cache.model.ContainerConfig;
import java.util.ArrayList;
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
    List<String> argv = new ArrayList<>();
    if (entrypoint != null) {
      if (!entrypoint.isEmpty()) {
        argv.add(entrypoint);
      }
    } else if (image.entrypoint() != null) {
      argv.addAll(image.entrypoint());
    }
    if (!cmd.isEmpty()) {
      argv.addAll(cmd);
    } else if (entrypoint == null && image.cmd() != null) {
      argv.addAll(image.cmd());
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("no command specified: the image has no Entrypoint or "
          + "Cmd, give one after the image name");
    }
    return argv;
  }
}
