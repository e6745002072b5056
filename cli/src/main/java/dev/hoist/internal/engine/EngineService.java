package dev.hoist.internal.engine;

import dev.hoist.internal.service.EngineServiceRecords;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.WarmMonitorSteps;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
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
 * A socket systemd passed ({@link SocketActivation}) is served as it is and left to systemd.
 * While it serves, the service's URI is recorded in the store for {@code hoist info}
 * ({@link EngineServiceRecords}).
 */
public final class EngineService implements AutoCloseable {
  private final HttpServer server;
  private final EngineApi api;
  private final String uri;
  private final Path ownedSocket;
  private final WarmMonitorSteps steps;
  private final Closeable record;
  private final BackgroundDeletions deletions = new BackgroundDeletions();

  private EngineService(HttpServer server, EngineApi api, String uri, Path ownedSocket,
      WarmMonitorSteps steps, Path storeRoot) throws IOException {
    this.server = server;
    this.api = api;
    this.uri = uri;
    this.ownedSocket = ownedSocket;
    this.steps = steps;
    this.record = EngineServiceRecords.publish(storeRoot, uri);
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

  /** Starts serving on the listening socket systemd passed ({@link SocketActivation}). */
  public static EngineService startActivated(Hoist hoist, String version,
      SocketActivation.Socket socket, Consumer<String> log) throws IOException {
    WarmMonitorSteps steps = WarmMonitorSteps.start(hoist, log);
    try {
      Hoist warm = steps.hoist();
      EngineApi api = new EngineApi(warm, version, log);
      HttpServer server = HttpServer.on(socket.channel(), api, EngineApi.headers(version), log);
      EngineService service = new EngineService(server, api, socket.uri(), null, steps,
          storeRoot(warm));
      server.start();
      return service;
    } catch (IOException | RuntimeException e) {
      steps.close();
      throw e;
    }
  }

  private static Path storeRoot(Hoist hoist) {
    return hoist.context().home().root();
  }

  private static EngineService serve(Hoist hoist, String version, ServiceAddress address,
      Consumer<String> log, WarmMonitorSteps steps) throws IOException {
    EngineApi api = new EngineApi(hoist, version, log);
    Path socket = address.socketFile();
    if (socket == null) {
      HttpServer server = HttpServer.bind(address.address(), api, EngineApi.headers(version),
          log);
      java.net.InetSocketAddress bound = (java.net.InetSocketAddress) server.address();
      EngineService service = new EngineService(server, api,
          "tcp://" + bound.getHostString() + ":" + bound.getPort(), null, steps,
          storeRoot(hoist));
      server.start();
      return service;
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
    EngineService service = new EngineService(server, api, address.uri(), socket, steps,
        storeRoot(hoist));
    server.start();
    return service;
  }

  /** Where it listens (a TCP port asked as 0: the one chosen). */
  public String uri() {
    return uri;
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
    try {
      record.close();
    } finally {
      server.close();
      api.close();
      steps.close();
      deletions.close();
      if (ownedSocket != null) {
        Files.deleteIfExists(ownedSocket);
      }
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
