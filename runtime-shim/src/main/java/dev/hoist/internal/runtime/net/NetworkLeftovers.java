package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

/**
 * What containers whose owning process died (SIGKILL of {@code hoist run} or of a monitor) left
 * on a bridge and nothing has removed yet: port rules, namespaces, veths, addresses. The next
 * attach removes them anyway; {@code hoist system check} reports and removes them at once.
 *
 * @param rules port rules removed
 * @param addresses addresses released (with their namespaces and veths)
 */
public record NetworkLeftovers(int rules, int addresses) {

  /** Removes the leftovers of {@code bridge} (nothing when the bridge was never made). */
  public static NetworkLeftovers repair(BridgeNetwork bridge) throws IOException {
    if (!Files.exists(BridgeNetwork.sysClassNet(bridge.name()))) {
      return new NetworkLeftovers(0, 0);
    }
    IpAllocator allocator = bridge.allocator();
    int rules = allocator.locked(() -> {
      Set<String> live = new HashSet<>();
      allocator.list().stream().filter(a -> a.owner().alive()).forEach(a -> live.add(a.address()));
      return PortRules.removeAllBut(bridge.name(), live);
    });
    return new NetworkLeftovers(rules, bridge.removeStale());
  }

  public boolean none() {
    return rules == 0 && addresses == 0;
  }
}
