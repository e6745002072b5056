package dev.hoist.internal.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code --pid}, {@code --ipc} and {@code --uts}, as Docker's modes: a namespace of the
 * container's own (the default), the host's ({@code host}), or a running container's
 * ({@code container:ID}; pid and ipc). {@code --ipc} also takes {@code private} and
 * {@code shareable} (both a namespace of its own, which another container may join) and
 * {@code none} (its own, without {@code /dev/shm}).
 *
 * @param pid "" (own), {@code host} or {@code container:ID}
 * @param ipc "" or {@code private} or {@code shareable} (own), {@code none}, {@code host} or
 *     {@code container:ID}
 * @param uts "" (own) or {@code host}
 */
public record NamespaceModes(String pid, String ipc, String uts) {
  public static final NamespaceModes PRIVATE = new NamespaceModes("", "", "");
  static final String CONTAINER = "container:";

  public NamespaceModes {
    pid = pid == null ? "" : pid;
    ipc = ipc == null ? "" : ipc;
    uts = uts == null ? "" : uts;
    check("--pid", pid, List.of("", "host"), true);
    check("--ipc", ipc, List.of("", "private", "shareable", "none", "host"), true);
    check("--uts", uts, List.of("", "host"), false);
  }

  private static void check(String flag, String mode, List<String> modes, boolean container) {
    boolean joins = container && mode.startsWith(CONTAINER)
        && mode.length() > CONTAINER.length();
    if (!joins && !modes.contains(mode)) {
      throw new IllegalArgumentException(flag + " " + mode + ": invalid mode (give "
          + String.join(", ", modes.subList(1, modes.size()))
          + (container ? " or container:NAME" : "") + ")");
    }
  }

  /** The container {@code mode} joins ({@code container:ID}), else null. */
  static String joined(String mode) {
    return mode.startsWith(CONTAINER) ? mode.substring(CONTAINER.length()) : null;
  }

  /** These modes with each {@code container:NAME} as {@code resolve} maps the name. */
  NamespaceModes resolving(UnaryOperator<String> resolve) {
    return new NamespaceModes(resolved(pid, resolve), resolved(ipc, resolve), uts);
  }

  private static String resolved(String mode, UnaryOperator<String> resolve) {
    String name = joined(mode);
    return name == null ? mode : CONTAINER + resolve.apply(name);
  }

  /** As {@code docker inspect}'s {@code IpcMode}: {@code private} for the default. */
  @JsonIgnore
  public String ipcModeShown() {
    return ipc.isEmpty() ? "private" : ipc;
  }
}
