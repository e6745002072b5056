package dev.hoist.runtime;

import dev.hoist.runtime.net.BridgeNetwork;
import dev.hoist.runtime.net.ContainerNetworks;
import dev.hoist.runtime.net.UserNetworkJoin;
import dev.hoist.runtime.net.NetworkAttachment;
import dev.hoist.runtime.net.Owner;
import java.io.IOException;

/** Both runtimes' link to the bridge: a container with {@link NetworkMode#BRIDGE} is attached. */
final class Networking {
  private Networking() {}

  /** What starts a container once it has its place on the bridge ({@code net}: null if none). */
  @FunctionalInterface
  interface Start {
    ContainerProcess start(NetworkAttachment net) throws IOException;
  }

  /** Attaches the container (on the bridge), then starts it; detaches it if the start fails. */
  static ContainerProcess startAttached(ContainerSpec spec, Diagnostics diagnostics, Start start)
      throws IOException {
    NetworkAttachment net = attach(spec, diagnostics);
    try {
      return start.start(net);
    } catch (IOException | RuntimeException e) {
      detach(net, e);
      throw e;
    }
  }

  /** The container's place on the bridge, or null when it is not on the bridge. */
  private static NetworkAttachment attach(ContainerSpec spec, Diagnostics diagnostics)
      throws IOException {
    if (spec.network() != NetworkMode.BRIDGE) {
      return null;
    }
    java.util.Optional<ContainerNetworks> user = ContainerNetworks.read(spec.containerDir());
    if (user.isPresent()) {
      return UserNetworks.attach(spec, user.get(), diagnostics);
    }
    BridgeNetwork bridge = BridgeNetwork.standard();
    try {
      return bridge.attach(spec.containerDir().toAbsolutePath().getFileName().toString(),
          Owner.current(), diagnostics);
    } catch (IOException e) {
      throw new IOException("cannot attach the container to the bridge network ("
          + bridge.name() + "; --network none does without): " + e.getMessage(), e);
    }
  }

  /** The shim's configuration, joining {@code net}'s namespace ({@code netns=}) when given. */
  static ShimConfig joining(NetworkAttachment net, ShimConfig config) {
    return net == null ? config : config.put("netns", net.netnsPath().toString());
  }

  /** {@code cleanup}, then {@code net} detached (also when {@code cleanup} fails). */
  static RuntimeProcess.Cleanup detachingAfter(NetworkAttachment net,
      RuntimeProcess.Cleanup cleanup) {
    if (net == null) {
      return cleanup;
    }
    return () -> {
      try {
        cleanup.run();
      } finally {
        try {
          net.close();
        } finally {
          UserNetworkJoin.leave(net.containerId()); // networks connected to while it ran
        }
      }
    };
  }

  /** Detaches {@code net} (null: nothing), adding a failure to {@code failure}. */
  private static void detach(NetworkAttachment net, Exception failure) {
    if (net == null) {
      return;
    }
    try {
      net.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
