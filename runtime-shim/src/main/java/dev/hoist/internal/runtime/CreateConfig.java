package dev.hoist.internal.runtime;

import java.util.List;

/**
 * What {@code docker create}'s {@code Config} keeps of a container that its {@link ContainerSpec}
 * does not: the entrypoint and the command apart (the spec runs them joined), {@code -i}, and the
 * user as given (the spec has its numbers).
 * A {@code state.json} written before it has none (null): {@link #guess} reads such a container.
 *
 * @param entrypoint the image's {@code Entrypoint} or {@code --entrypoint}; null: none
 * @param cmd the arguments after the image name, or the image's {@code Cmd}; null: none
 * @param openStdin {@code -i}
 * @param user {@code -u} or the image's {@code USER} as written; null or empty: root
 * @param labels the image's labels with {@code --label}/{@code --label-file}'s over them
 *     ({@link ContainerLabels#merge}); null in a state.json written before labels (the image's
 *     are shown then)
 */
public record CreateConfig(List<String> entrypoint, List<String> cmd, boolean openStdin,
    String user, java.util.Map<String, String> labels) {
  public CreateConfig {
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
    labels = labels == null ? null
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
  }

  /** Without labels (as before them). */
  public CreateConfig(List<String> entrypoint, List<String> cmd, boolean openStdin,
      String user) {
    this(entrypoint, cmd, openStdin, user, null);
  }

  /** This config with {@code next} as its labels. */
  public CreateConfig withLabels(java.util.Map<String, String> next) {
    return new CreateConfig(entrypoint, cmd, openStdin, user, next);
  }

  /** The process's argv: entrypoint, then command. */
  public List<String> argv() {
    List<String> argv = new java.util.ArrayList<>();
    if (entrypoint != null) {
      argv.addAll(entrypoint);
    }
    if (cmd != null) {
      argv.addAll(cmd);
    }
    return argv;
  }

  /**
   * An older container's config from its joined {@code argv}: the image's {@code entrypoint}
   * when the argv starts with it (the rest the command), else all of it the command.
   */
  public static CreateConfig guess(List<String> argv, List<String> imageEntrypoint) {
    if (imageEntrypoint != null && !imageEntrypoint.isEmpty()
        && argv.size() >= imageEntrypoint.size()
        && argv.subList(0, imageEntrypoint.size()).equals(imageEntrypoint)) {
      List<String> rest = argv.subList(imageEntrypoint.size(), argv.size());
      return new CreateConfig(imageEntrypoint, rest.isEmpty() ? null : rest, false, null);
    }
    return new CreateConfig(null, argv, false, null);
  }
}
