package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.UserNetworkJoin;
import dev.hoist.internal.runtime.net.NetworkAttachment;
import dev.hoist.internal.runtime.net.Owner;
import dev.hoist.internal.runtime.net.PublishedPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Both runtimes' link to the network: a container with {@link NetworkMode#BRIDGE} is attached
 * to the bridge (its ports reserved first, then forwarded), one with {@link
 * NetworkMode#CONTAINER} joins the namespace of the container it names.
 */
final class Networking {
  private Networking() {}

  /** What starts a container once it has its network ({@code net}: null if none of its own). */
  @FunctionalInterface
  interface Start {
    ContainerProcess start(ContainerNetwork net) throws IOException;
  }

  /** Sets the container's network up, then starts it; removes the network if the start fails. */
  static ContainerProcess startAttached(ContainerSpec spec, Diagnostics diagnostics, Start start)
      throws IOException {
    ContainerNetwork net = attach(spec, diagnostics);
    try {
      return start.start(net);
    } catch (IOException | RuntimeException e) {
      detach(net, e);
      throw e;
    }
  }

  /**
   * Fails as starting {@code spec} would for its network (a host port in use, a joined container
   * that does not run), making nothing: for a detached start, whose own failure would only reach
   * the log. The start checks again (the ports are then held).
   */
  static void check(ContainerSpec spec) throws IOException {
    if (spec.network() == NetworkMode.CONTAINER) {
      joinedNamespace(spec);
    } else if (spec.network() == NetworkMode.BRIDGE) {
      PublishedPorts.reserve(spec.networkOptions().ports()).close();
    }
  }

  /** The container's network, or null when it has only {@code lo} or the host's. */
  private static ContainerNetwork attach(ContainerSpec spec, Diagnostics diagnostics)
      throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    if (spec.network() == NetworkMode.CONTAINER) {
      return ContainerNetwork.joining(dir, joinedNamespace(spec));
    }
    if (spec.network() != NetworkMode.BRIDGE) {
      return null;
    }
    NetworkOptions options = spec.networkOptions();
    PublishedPorts ports = PublishedPorts.reserve(options.ports());
    java.util.Optional<ContainerNetworks> user = ContainerNetworks.read(spec.containerDir());
    BridgeNetwork bridge = BridgeNetwork.standard();
    NetworkAttachment net;
    try {
      net = user.isPresent() ? UserNetworks.attach(spec, user.get(), diagnostics)
          : bridge.attach(dir.getFileName().toString(), Owner.current(), diagnostics,
              options.ip(), options.mac());
    } catch (IOException e) {
      ports.close();
      if (user.isPresent()) {
        throw e;
      }
      throw new IOException("cannot attach the container to the bridge network ("
          + bridge.name() + "; --network none does without): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      ports.close();
      throw e;
    }
    ContainerNetwork made = ContainerNetwork.bridge(dir, net, ports);
    try {
      ports.forward(net);
      new NetworkSettings(net.bridge(), net.address(), net.subnet().prefix(), net.gateway(),
          net.macAddress(), net.netnsPath().toString(), ports.bindings()).write(dir);
    } catch (IOException | RuntimeException e) {
      detach(made, e);
      throw e;
    }
    return made;
  }

  /**
   * The namespace of the container {@code --network container:ID} names, which must run on a
   * network of its own ({@code network.json} written, its namespace there).
   */
  private static Path joinedNamespace(ContainerSpec spec) throws IOException {
    String target = spec.networkOptions().container();
    Path dir = spec.containerDir().toAbsolutePath().getParent().resolve(target);
    NetworkSettings joined = NetworkSettings.read(dir).orElseThrow(() -> new IOException(
        "cannot join the network of container " + shortId(target)
            + ": it is not running on a network of its own (bridge)"));
    Path netns = Path.of(joined.sandboxKey());
    if (!Files.exists(netns)) {
      throw new IOException("cannot join the network of container " + shortId(target)
          + ": it is not running");
    }
    return netns;
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** The shim's configuration, joining {@code net}'s namespace ({@code netns=}) when given. */
  static ShimConfig joining(ContainerNetwork net, ShimConfig config) {
    return net == null ? config : config.put("netns", net.netnsPath().toString());
  }

  /** The namespace runc puts the container in (null: a new one, or the host's). */
  static Path netnsPath(ContainerNetwork net) {
    return net == null ? null : net.netnsPath();
  }

  /**
   * {@code cleanup}, then {@code net} removed (also when {@code cleanup} fails); the removal of
   * its namespace and veth is begun first, so that the kernel's part of it runs while {@code
   * cleanup} does.
   */
  static RuntimeProcess.Cleanup detachingAfter(ContainerNetwork net,
      RuntimeProcess.Cleanup cleanup) {
    if (net == null) {
      return cleanup;
    }
    return () -> {
      try {
        try {
          net.beginClose();
        } catch (IOException e) {
          // not begun: net.close() removes it all itself, and says what fails
        }
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

  /** Removes {@code net} (null: nothing), adding a failure to {@code failure}. */
  private static void detach(ContainerNetwork net, Exception failure) {
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
