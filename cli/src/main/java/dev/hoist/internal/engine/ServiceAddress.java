package dev.hoist.internal.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where {@code hoist system service} listens: {@code unix:///PATH} (by default
 * {@code /run/hoist/hoist.sock} for root, {@code $XDG_RUNTIME_DIR/hoist/hoist.sock} otherwise)
 * or {@code tcp://HOST:PORT} (plain HTTP: no TLS).
 */
public record ServiceAddress(String uri, SocketAddress address, Path socketFile) {

  /** The default for this user. */
  public static ServiceAddress defaultFor(boolean root, String xdgRuntimeDir) {
    Path dir = root || xdgRuntimeDir == null || xdgRuntimeDir.isEmpty() ? Path.of("/run")
        : Path.of(xdgRuntimeDir);
    return parse("unix://" + dir.resolve("hoist").resolve("hoist.sock"));
  }

  /**
   * The address {@code uri} names.
   *
   * @throws IllegalArgumentException for anything but {@code unix://} with an absolute path or
   *     {@code tcp://HOST:PORT}
   */
  public static ServiceAddress parse(String uri) {
    if (uri.startsWith("unix://")) {
      String path = uri.substring("unix://".length());
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("the socket of " + uri + " must be an absolute path "
            + "(unix:///run/hoist/hoist.sock)");
      }
      Path file = Path.of(path);
      return new ServiceAddress(uri, UnixDomainSocketAddress.of(file), file);
    }
    if (uri.startsWith("tcp://")) {
      URI parsed = URI.create("http://" + uri.substring("tcp://".length()));
      if (parsed.getHost() == null || parsed.getPort() < 0) {
        throw new IllegalArgumentException(uri + ": give tcp://HOST:PORT");
      }
      return new ServiceAddress(uri, new InetSocketAddress(parsed.getHost(), parsed.getPort()),
          null);
    }
    throw new IllegalArgumentException("unsupported address " + uri
        + ": unix:///PATH or tcp://HOST:PORT");
  }

  /**
   * The URI of a listening socket's address, as {@link #parse} takes it: {@code unix:///PATH}
   * or {@code tcp://HOST:PORT} (the port a socket bound to port 0 was given).
   */
  public static String uriOf(SocketAddress address) {
    if (address instanceof UnixDomainSocketAddress unix) {
      return "unix://" + unix.getPath();
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    return "tcp://" + inet.getHostString() + ":" + inet.getPort();
  }

  public boolean isTcp() {
    return socketFile == null;
  }
}
