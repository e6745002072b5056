package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.BridgeNetwork;
import dev.hoist.internal.runtime.net.ContainerNetworks;
import dev.hoist.internal.runtime.net.UserNetworkJoin;
import dev.hoist.internal.runtime.net.NetworkAttachment;
import dev.hoist.internal.runtime.net.Owner;
import dev.hoist.internal.runtime.net.PortRules;
import dev.hoist.internal.runtime.net.PublishedPorts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
    return startAttached(spec, diagnostics, Owner.current(), start);
  }

  /** As {@link #startAttached(ContainerSpec, Diagnostics, Start)}, the network held for owner. */
  static ContainerProcess startAttached(ContainerSpec spec, Diagnostics diagnostics, Owner owner,
      Start start) throws IOException {
    ContainerNetwork net = attach(spec, diagnostics, owner);
    Trace.mark("launch: network attached");
    ContainerProcess started;
    try {
      started = start.start(net);
    } catch (IOException | RuntimeException e) {
      detach(net, e);
      throw e;
    }
    if (net != null && !owner.equals(Owner.current())) {
      HANDED_OVER.get().add(net); // its owner holds the ports once this start step has ended
    }
    return started;
  }

  /** Networks this thread set up for another owner (the monitor), their ports still bound here. */
  private static final ThreadLocal<List<ContainerNetwork>> HANDED_OVER =
      ThreadLocal.withInitial(java.util.ArrayList::new);

  /**
   * Closes this thread's sockets on the published ports of the containers it started for
   * another owner (the monitor, which binds them once the start step has ended): for a process
   * that outlives its steps (the Engine API service's warm steps), at the very end of a step,
   * so that the ports are never free in between. A step's own JVM frees them by exiting.
   */
  static void releasePortsHandedOver(Diagnostics diagnostics) {
    List<ContainerNetwork> nets = HANDED_OVER.get();
    for (ContainerNetwork net : nets) {
      try {
        net.releasePortSockets();
      } catch (IOException e) {
        diagnostics.warn(e.getMessage());
      }
    }
    nets.clear();
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
  private static ContainerNetwork attach(ContainerSpec spec, Diagnostics diagnostics,
      Owner owner) throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    if (spec.network() == NetworkMode.CONTAINER) {
      return ContainerNetwork.joining(dir, joinedNamespace(spec));
    }
    if (spec.network() != NetworkMode.BRIDGE) {
      return null;
    }
    NetworkOptions options = spec.networkOptions();
    PublishedPorts ports = PublishedPorts.reserve(options.ports());
    Optional<ContainerNetworks> user = ContainerNetworks.read(spec.containerDir());
    BridgeNetwork bridge = BridgeNetwork.standard();
    NetworkAttachment net;
    try {
      net = user.isPresent() ? UserNetworks.attach(spec, user.get(), owner, diagnostics)
          : bridge.attach(dir.getFileName().toString(), owner, diagnostics,
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
   * The namespace of the container {@code --network container:ID} names, which must run: on a
   * network of its own ({@code network.json} written, its namespace there), or, as Docker allows,
   * on {@code none} or {@code host} (the namespace its processes are in).
   */
  private static Path joinedNamespace(ContainerSpec spec) throws IOException {
    String target = spec.networkOptions().container();
    Path dir = spec.containerDir().toAbsolutePath().getParent().resolve(target);
    Optional<NetworkSettings> joined = NetworkSettings.read(dir);
    if (joined.isEmpty()) {
      return processNamespace(dir, "net").orElseThrow(() -> new IOException(
          "cannot join the network of container " + shortId(target) + ": it is not running"));
    }
    Path netns = Path.of(joined.get().sandboxKey());
    if (!Files.exists(netns)) {
      throw new IOException("cannot join the network of container " + shortId(target)
          + ": it is not running");
    }
    return netns;
  }

  /**
   * The {@code kind} namespace ({@code net}, {@code pid}, {@code ipc}) of a running container
   * (for the network one: a container without one of hoist's, {@code none}: the one its runtime
   * made; {@code host}: the host's), as {@code /proc/PID/ns/KIND} of a process in its
   * cgroup ({@code hoist/<id>}: both runtimes put every process of the container there, and only
   * those): the shim's recorded cgroups, else (runc's, under runc's own) the process whose
   * {@code /proc/PID/cgroup} names it. Empty when none runs there.
   */
  static Optional<Path> processNamespace(Path containerDir, String kind) throws IOException {
    for (Path cgroup : Cgroups.of(containerDir).dirs()) {
      Path procs = cgroup.resolve("cgroup.procs");
      if (Files.isReadable(procs)) {
        for (String pid : Files.readAllLines(procs)) {
          Optional<Path> ns = namespace(pid.strip(), kind);
          if (ns.isPresent()) {
            return ns;
          }
        }
      }
    }
    String suffix = "/hoist/" + containerDir.getFileName();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          if (Files.readAllLines(proc.resolve("cgroup")).stream().anyMatch(
              l -> l.endsWith(suffix))) {
            Optional<Path> ns = namespace(proc.getFileName().toString(), kind);
            if (ns.isPresent()) {
              return ns;
            }
          }
        } catch (IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> namespace(String pid, String kind) {
    Path ns = Path.of("/proc", pid, "ns", kind);
    return !pid.isEmpty() && Files.exists(ns) ? Optional.of(ns) : Optional.empty();
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
   * cleanup} does, and is waited for unless {@code launcher} says its program is about to exit
   * ({@link Launcher#awaitsNetworkRemoval}): then a process of its own finishes it.
   */
  static RuntimeProcess.Cleanup detachingAfter(ContainerNetwork net, Launcher launcher,
      RuntimeProcess.Cleanup cleanup) {
    if (net == null) {
      return cleanup;
    }
    return () -> {
      try {
        try {
          if (launcher.awaitsNetworkRemoval()) {
            net.beginClose();
          } else {
            net.handOff();
          }
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

  /**
   * {@code cleanup}, then the network {@link #startAttached} made for {@code spec} removed from
   * what its directory and the network's records say: for a container that ran under the
   * monitor, whose start step (and its {@link ContainerNetwork}) is long gone.
   */
  static RuntimeProcess.Cleanup detachingAfterExit(ContainerSpec spec,
      RuntimeProcess.Cleanup cleanup) {
    if (spec.network() != NetworkMode.BRIDGE) {
      return cleanup;
    }
    Path dir = spec.containerDir().toAbsolutePath();
    String id = dir.getFileName().toString();
    return () -> {
      try {
        cleanup.run();
      } finally {
        Trace.mark("exit: runtime leftovers removed (cgroups)");
        java.util.Optional<NetworkSettings> settings = NetworkSettings.read(dir);
        try {
          NetworkSettings.delete(dir);
          if (settings.isPresent() && !settings.get().ports().isEmpty()) {
            PortRules.removeFor(settings.get().bridge(), settings.get().ipAddress());
          }
        } finally {
          try {
            Trace.mark("exit: network settings removed");
            BridgeNetwork.standard().release(id);
            Trace.mark("exit: bridge address released");
          } finally {
            UserNetworkJoin.leave(id);
          }
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
