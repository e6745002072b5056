package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.NetworkAttachment;
import dev.hoist.internal.runtime.net.PublishedPorts;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a started container's network is made of: its place on the bridge and its published
 * ports, or the namespace of the container it joined ({@code --network container:NAME}).
 * {@link #close} removes what this container made (the ports' rules and sockets, the
 * attachment, {@code network.json}); a joined namespace stays its owner's.
 */
final class ContainerNetwork implements AutoCloseable {
  private final Path containerDir;
  private final NetworkAttachment attachment;
  private final PublishedPorts ports;
  private final Path joined;

  private ContainerNetwork(Path containerDir, NetworkAttachment attachment,
      PublishedPorts ports, Path joined) {
    this.containerDir = containerDir;
    this.attachment = attachment;
    this.ports = ports;
    this.joined = joined;
  }

  static ContainerNetwork bridge(Path containerDir, NetworkAttachment attachment,
      PublishedPorts ports) {
    return new ContainerNetwork(containerDir, attachment, ports, null);
  }

  static ContainerNetwork joining(Path containerDir, Path netns) {
    return new ContainerNetwork(containerDir, null, null, netns);
  }

  /** The container's ID (its directory's name). */
  String containerId() {
    return containerDir.getFileName().toString();
  }

  /** The network namespace the container runs in. */
  Path netnsPath() {
    return attachment != null ? attachment.netnsPath() : joined;
  }

  /** Its place on the bridge (null when it joined another container's namespace). */
  NetworkAttachment attachment() {
    return attachment;
  }

  /**
   * Starts removing the namespace and veth the container had on the bridge (the container is
   * gone), for {@link #close} to finish; nothing for a joined namespace.
   */
  void beginClose() throws IOException {
    if (attachment != null) {
      attachment.beginClose();
    }
  }

  /**
   * Hands the removal of the container's namespace and veth to a process of its own (the
   * container is gone and this program is about to exit: {@link NetworkAttachment#handOff});
   * {@link #close} then removes the rest. Nothing for a joined namespace.
   */
  void handOff() throws IOException {
    if (attachment != null) {
      attachment.handOff();
    }
  }

  /** Closes this process's sockets on the published ports ({@link PublishedPorts#releaseSockets}). */
  void releasePortSockets() throws IOException {
    if (ports != null) {
      ports.releaseSockets();
    }
  }

  @Override
  public void close() throws IOException {
    if (attachment == null) {
      return;
    }
    IOException failure = null;
    try {
      NetworkSettings.delete(containerDir);
      ports.close();
    } catch (IOException e) {
      failure = e;
    }
    try {
      attachment.close();
    } catch (IOException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
