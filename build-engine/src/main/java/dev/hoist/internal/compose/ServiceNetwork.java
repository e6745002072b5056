package dev.hoist.internal.compose;

import java.util.List;

/**
 * A service's place on one network: its extra {@code aliases} (the service name is always one)
 * and a fixed {@code ipv4_address} (null: any).
 */
public record ServiceNetwork(List<String> aliases, String ipv4Address) {
  public static final ServiceNetwork DEFAULT = new ServiceNetwork(List.of(), null);

  public ServiceNetwork {
    aliases = List.copyOf(aliases);
  }
}
