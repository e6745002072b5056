package dev.hoist.internal.engine;

import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code hoist system service}: the Engine API on one address until it was idle for the given
 * time (zero: until stopped). A socket file is made mode 0660 and removed when the service
 * stops; one left by a service that died is replaced, one a running service answers on is not.
 */
public final class EngineService implements AutoCloseable {
  private final HttpServer server;
  private final ServiceAddress address;
  private final WarmMonitorSteps steps;

  private EngineService(HttpServer server, ServiceAddress address, WarmMonitorSteps steps) {
    this.server = server;
    this.address = address;
    this.steps = steps;
  }

  /**
   * Starts serving {@code hoist}'s services at {@code address}; the detached containers it
   * starts have their monitor's steps run in this JVM ({@link WarmMonitorSteps}).
   */
  public static EngineService start(Hoist hoist, String version, ServiceAddress address,
      Consumer<String> log) throws IOException {
    if (address.socketFile() != null) {
      prepareSocketFile(address.socketFile());
    }
    WarmMonitorSteps steps = WarmMonitorSteps.start(hoist, log);
    try {
      return serve(steps.hoist(), version, address, log, steps);
    } catch (IOException | RuntimeException e) {
      steps.close();
      throw e;
    }
  }

  private static EngineService serve(Hoist hoist, String version, ServiceAddress address,
      Consumer<String> log, WarmMonitorSteps steps) throws IOException {
    EngineApi api = new EngineApi(hoist, version, log);
    Path socket = address.socketFile();
    if (socket == null) {
      HttpServer server = HttpServer.bind(address.address(), api, EngineApi.headers(version),
          log);
      server.start();
      return new EngineService(server, address, steps);
    }
    // bound under a temporary name, given its mode, then renamed: the socket is never
    // reachable at its path with the mode the process's umask gave it
    Path bound = socket.resolveSibling("." + socket.getFileName() + "." + ProcessHandle.current()
        .pid());
    Files.deleteIfExists(bound);
    HttpServer server = HttpServer.bind(UnixDomainSocketAddress.of(bound), api,
        EngineApi.headers(version), log);
    try {
      Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
      Files.move(bound, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      server.close();
      Files.deleteIfExists(bound);
      throw e;
    }
    server.start();
    return new EngineService(server, address, steps);
  }

  /** Where it listens (a TCP port asked as 0: the one chosen). */
  public String uri() throws IOException {
    if (address.isTcp()) {
      java.net.InetSocketAddress bound = (java.net.InetSocketAddress) server.address();
      return "tcp://" + bound.getHostString() + ":" + bound.getPort();
    }
    return address.uri();
  }

  /**
   * Blocks until no request was in progress for {@code idle} ({@link Duration#ZERO}: forever,
   * until {@link #close}).
   */
  public void awaitIdle(Duration idle) throws InterruptedException {
    while (true) {
      Thread.sleep(idle.isZero() ? 1000 : Math.max(10, Math.min(500, idle.toMillis() / 4)));
      if (!idle.isZero() && server.idleNanos() >= idle.toNanos()) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    steps.close();
    if (address.socketFile() != null) {
      Files.deleteIfExists(address.socketFile());
    }
  }

  private static void prepareSocketFile(Path socket) throws IOException {
    Files.createDirectories(socket.getParent());
    if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      throw new IllegalArgumentException(socket + ": a service listens there already");
    } catch (IOException nobody) {
      Files.delete(socket); // left by a service that did not stop cleanly
    }
  }
}
