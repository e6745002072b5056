package dev.hoist.cli;

import dev.hoist.runtime.NetworkMode;
import java.util.List;

/**
 * What {@code --network} (repeatable) asks of {@code run}/{@code create}: {@code none} or
 * {@code host} alone, {@code bridge} alone (the default bridge, as before), or one or more
 * networks by name ({@code bridge} among them), which the container joins when it starts.
 *
 * @param mode the container's network mode ({@link NetworkMode#BRIDGE} for named networks)
 * @param named the networks by name, in order (empty: none, host or the default bridge alone)
 */
record NetworkSelection(NetworkMode mode, List<String> named) {

  static NetworkSelection of(List<String> networks) {
    List<String> given = networks.isEmpty() ? List.of("none") : List.copyOf(networks);
    if (given.size() == 1) {
      switch (given.get(0)) {
        case "none":
          return new NetworkSelection(NetworkMode.NONE, List.of());
        case "host":
          return new NetworkSelection(NetworkMode.HOST, List.of());
        case "bridge":
          return new NetworkSelection(NetworkMode.BRIDGE, List.of());
        default:
          break;
      }
    }
    if (given.size() == 1 && given.get(0).startsWith("container:")) {
      throw new UserError("--network " + given.get(0) + " is not supported yet");
    }
    for (String n : given) {
      if (n.equals("none") || n.equals("host") || n.startsWith("container:")) {
        throw new UserError("--network " + n + " cannot be combined with other networks");
      }
    }
    return new NetworkSelection(NetworkMode.BRIDGE, given);
  }
}
