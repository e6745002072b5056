package dev.hoist.internal.engine;

import dev.hoist.internal.runtime.VolumeStore;
import dev.hoist.internal.service.EngineServiceRecords;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.WarmMonitorSteps;
import java.io.Closeable;
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
 * A socket systemd passed ({@link SocketActivation}) is served as it is and left to systemd.
 * While it serves, the service's URI is recorded in the store for {@code hoist info}
 * ({@link EngineServiceRecords}).
 */
public final class EngineService implements AutoCloseable {
  private final HttpServer server;
  private final String uri;
  private final Resources resources;

  private EngineService(HttpServer server, String uri, Resources resources) {
    this.server = server;
    this.uri = uri;
    this.resources = resources;
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
    return launch(hoist, version, log, api -> address.socketFile() == null
        ? bindTcp(address, api, version, log) : bindSocketFile(address, api, version, log));
  }

  /** Starts serving on the listening socket systemd passed ({@link SocketActivation}). */
  public static EngineService startActivated(Hoist hoist, String version,
      SocketActivation.Socket socket, Consumer<String> log) throws IOException {
    return launch(hoist, version, log, api -> new Listening(
        HttpServer.on(socket.channel(), api, EngineApi.headers(version), log), socket.uri(),
        null));
  }

  /** A server listening for the API, the URI it is reached at, the socket file it made. */
  private record Listening(HttpServer server, String uri, Path ownedSocket) implements Closeable {
    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        if (ownedSocket != null) {
          Files.deleteIfExists(ownedSocket);
        }
      }
    }
  }

  /** Makes the listening server for an API. */
  @FunctionalInterface
  private interface Listen {
    Listening on(EngineApi api) throws IOException;
  }

  /**
   * The one start of every address: the deletion thread, the warm monitor steps, the API, its
   * server, the published record, each closed again (in reverse) when a later one fails.
   */
  private static EngineService launch(Hoist hoist, String version, Consumer<String> log,
      Listen listen) throws IOException {
    Resources resources = new Resources();
    try {
      resources.add(new BackgroundDeletions(hoist.context().containerStore(),
          new VolumeStore(hoist.context().home())));
      WarmMonitorSteps steps = resources.add(WarmMonitorSteps.start(hoist, log));
      EngineApi api = resources.add(new EngineApi(steps.hoist(), version, log));
      Listening listening = resources.add(listen.on(api));
      resources.add(EngineServiceRecords.publish(steps.hoist().context().home().root(),
          listening.uri()));
      listening.server().start();
      return new EngineService(listening.server(), listening.uri(), resources);
    } catch (IOException | RuntimeException | Error e) {
      try {
        resources.close();
      } catch (IOException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static Listening bindTcp(ServiceAddress address, EngineApi api, String version,
      Consumer<String> log) throws IOException {
    HttpServer server = HttpServer.bind(address.address(), api, EngineApi.headers(version), log);
    return new Listening(server, ServiceAddress.uriOf(server.address()), null);
  }

  private static Listening bindSocketFile(ServiceAddress address, EngineApi api, String version,
      Consumer<String> log) throws IOException {
    Path socket = address.socketFile();
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
    return new Listening(server, address.uri(), socket);
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

  /** Stops serving: the record removed first, the server, the API, the steps, the deletions. */
  @Override
  public void close() throws IOException {
    resources.close();
  }

  /** What a service holds, closed in the reverse of the order it was taken in. */
  private static final class Resources implements Closeable {
    private final java.util.Deque<AutoCloseable> held = new java.util.ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
      held.push(resource);
      return resource;
    }

    @Override
    public void close() throws IOException {
      Exception first = null;
      while (!held.isEmpty()) {
        try {
          held.pop().close();
        } catch (Exception e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first instanceof IOException io) {
        throw io;
      } else if (first instanceof RuntimeException runtime) {
        throw runtime;
      } else if (first != null) {
        throw new IOException(first);
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
