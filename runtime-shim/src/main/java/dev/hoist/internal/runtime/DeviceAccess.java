package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.DeviceMapping.DeviceNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices a container gets beyond Docker's defaults, for both runtimes: the nodes to make in
 * its {@code /dev} ({@code --device}; with {@code --privileged} every one of the host's) and its
 * device cgroup's rules (Docker's defaults, plus each {@code --device}'s; privileged: every
 * device).
 */
final class DeviceAccess {
  private DeviceAccess() {}

  static List<DeviceNode> nodes(HostOptions host) throws IOException {
    List<DeviceNode> nodes = new ArrayList<>();
    if (host.privileged()) {
      nodes.addAll(DeviceNode.hostDevices());
    }
    for (DeviceMapping d : host.devices()) {
      nodes.add(d.node());
    }
    return nodes;
  }

  static List<DeviceRule> rules(HostOptions host) throws IOException {
    List<DeviceRule> rules = new ArrayList<>(DeviceRule.DOCKER_DEFAULT);
    if (host.privileged()) {
      rules.add(new DeviceRule('c', DeviceRule.ANY, DeviceRule.ANY, "rwm"));
      rules.add(new DeviceRule('b', DeviceRule.ANY, DeviceRule.ANY, "rwm"));
    }
    for (DeviceMapping d : host.devices()) {
      DeviceNode n = d.node();
      rules.add(new DeviceRule(n.type(), n.major(), n.minor(), d.cgroupPermissions()));
    }
    return rules;
  }
}
