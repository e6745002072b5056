package dev.hoist.cli;

import dev.hoist.internal.runtime.NetworkMode;
import java.util.List;

/**
 * What {@code --network} (repeatable) asks of {@code run}/{@code create}: {@code none},
 * {@code host} or {@code container:NAME} alone, {@code bridge} (or {@code default}) alone (the
 * default bridge), or one or more networks by name ({@code bridge} among them), which the
 * container joins when it starts.
 *
 * @param mode the container's network mode ({@link NetworkMode#BRIDGE} for named networks)
 * @param named the networks by name, in order (empty: none, host, container: or the default
 *     bridge alone)
 * @param container the container whose network namespace is joined ({@code container:NAME}),
 *     or null
 */
record NetworkSelection(NetworkMode mode, List<String> named, String container) {

  NetworkSelection(NetworkMode mode, List<String> named) {
    this(mode, named, null);
  }

  static NetworkSelection of(List<String> networks) {
    List<String> given = networks.isEmpty() ? List.of("bridge") : List.copyOf(networks);
    if (given.size() == 1) {
      switch (given.get(0)) {
        case "none":
          return new NetworkSelection(NetworkMode.NONE, List.of());
        case "host":
          return new NetworkSelection(NetworkMode.HOST, List.of());
        case "bridge", "default":
          return new NetworkSelection(NetworkMode.BRIDGE, List.of());
        default:
          break;
      }
    }
    if (given.size() == 1 && given.get(0).startsWith("container:")
        && given.get(0).length() > "container:".length()) {
      return new NetworkSelection(NetworkMode.CONTAINER, List.of(),
          given.get(0).substring("container:".length()));
    }
    for (String n : given) {
      if (n.equals("none") || n.equals("host") || n.startsWith("container:")) {
        throw new UserError("--network " + n + " cannot be combined with other networks");
      }
    }
    return new NetworkSelection(NetworkMode.BRIDGE, given);
  }
}
