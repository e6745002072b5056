package dev.hoist.internal.runtime.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's published ports ({@code -p}, {@code -P}). {@link #reserve} binds a socket on
 * each host port (without listening; port 0: the kernel picks a free one) before anything else
 * is set up, so that a port already in use is one clear error and nothing half made; the
 * sockets stay bound while the container runs (in the process that started it, which owns its
 * network), so that nothing else on the host, another container included, takes the port in the
 * meantime: no race between the check and the use. Traffic never reaches them: the DNAT rules
 * ({@link PortRules}) send it to the container first. {@link #close} removes the rules and
 * frees the ports.
 */
public final class PublishedPorts implements AutoCloseable {
  private final List<PortBinding> bindings;
  private final List<Closeable> sockets;
  private List<String> rules = List.of();
  private String bridge;
  private String address;

  private PublishedPorts(List<PortBinding> bindings, List<Closeable> sockets) {
    this.bindings = List.copyOf(bindings);
    this.sockets = sockets;
  }

  /** Binds every host port of {@code wanted}; fails with the first one in use. */
  public static PublishedPorts reserve(List<PortBinding> wanted) throws IOException {
    List<PortBinding> bound = new ArrayList<>();
    List<Closeable> sockets = new ArrayList<>();
    try {
      for (PortBinding p : wanted) {
        NetworkChannel ch = bindFirstFree(p, sockets);
        bound.add(p.withHostPort(((InetSocketAddress) ch.getLocalAddress()).getPort()));
      }
    } catch (IOException | RuntimeException e) {
      closeAll(sockets, e);
      throw e;
    }
    return new PublishedPorts(bound, sockets);
  }

  /**
   * A socket bound on the first of {@code p}'s host ports that is free (added to {@code
   * sockets}); the error names the port, or the range when none of it is free.
   */
  private static NetworkChannel bindFirstFree(PortBinding p, List<Closeable> sockets)
      throws IOException {
    IOException last = null;
    for (int port : p.hostPorts()) {
      NetworkChannel ch = p.protocol().equals("udp") ? DatagramChannel.open()
          : SocketChannel.open();
      try {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
        ch.bind(new InetSocketAddress(p.bindAddress(), port));
        sockets.add(ch);
        return ch;
      } catch (IOException e) {
        ch.close();
        last = e;
      }
    }
    throw new PortInUseException("cannot publish " + p.bindAddress() + ":"
        + (p.hostPort() == 0 ? "(free port)" : p.hostPortText()) + "/" + p.protocol()
        + " for the container's port " + p.containerKey() + ": "
        + (last.getMessage() == null ? last.toString() : last.getMessage()));
  }

  /** A host port that cannot be bound (in use, or an address the host does not have). */
  public static final class PortInUseException extends IOException {
    PortInUseException(String message) {
      super(message);
    }
  }

  /** The bindings with the host ports they got. */
  public List<PortBinding> bindings() {
    return bindings;
  }

  /** Adds the firewall rules that send the ports to {@code net}'s address. */
  public void forward(NetworkAttachment net) throws IOException {
    if (bindings.isEmpty()) {
      return;
    }
    PortRules.ensure(net.bridge(), net.nftGeneration());
    List<String> r = PortRules.rules(net.bridge(), net.subnet(), net.address(), bindings);
    PortRules.add(r);
    this.rules = r;
    this.bridge = net.bridge();
    this.address = net.address();
  }

  /**
   * Closes this process's sockets on the host ports, the rules kept: for a container whose
   * monitor holds the ports while it runs (it binds them once the start step has ended, which
   * in a long-lived process, the Engine API service, does not close them by exiting).
   */
  public void releaseSockets() throws IOException {
    IOException closing = new IOException("cannot close a published port's socket");
    closeAll(sockets, closing);
    sockets.clear();
    if (closing.getSuppressed().length > 0) {
      throw closing;
    }
  }

  /** Removes the rules (when added) and frees the host ports (all of them, also on failure). */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    try {
      if (!rules.isEmpty()) {
        PortRules.remove(bridge, address, rules);
        rules = List.of();
      }
    } catch (IOException e) {
      failure = e;
    }
    IOException closing = new IOException("cannot close a published port's socket");
    closeAll(sockets, closing);
    if (failure == null && closing.getSuppressed().length > 0) {
      failure = closing;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes every socket; what fails is added to {@code failure}. */
  private static void closeAll(List<Closeable> sockets, Exception failure) {
    for (Closeable c : sockets) {
      try {
        c.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
