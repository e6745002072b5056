package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist system service} as a program of its own: the socket's mode, the idle time, a
 * clean stop on SIGTERM (socket file removed), TCP only with a warning, bad addresses refused.
 */
class SystemServiceCommandTest {
  @TempDir Path dir;

  private Process service(Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoistInHome.class.getName(),
        dir.resolve("home").toString(), "system", "service"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(stderr.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void awaitFile(Path file, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(file), file + " never appeared");
  }

  private static String ping(Path socket) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer in = ByteBuffer.allocate(4096);
      while (ch.read(in) >= 0) {
        // until the service closes
      }
      return new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void sigtermStopsTheServiceAndRemovesItsSocket() throws Exception {
    Path socket = dir.resolve("run/hoist.sock");
    Process p = service(dir.resolve("err.txt"), "--time", "0", "unix://" + socket);
    try {
      awaitFile(socket, p);
      assertEquals("rw-rw----",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      String answer = ping(socket);
      assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
      assertTrue(answer.contains("Api-Version: 1.47\r\n"), answer);
      assertTrue(answer.endsWith("\r\n\r\nOK"), answer);
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
      assertFalse(Files.exists(socket), "socket file removed");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void idleServiceExitsAfterItsTime() throws Exception {
    Path socket = dir.resolve("idle.sock");
    Process p = service(dir.resolve("err.txt"), "--time", "1", "unix://" + socket);
    try {
      awaitFile(socket, p);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits once idle for 1 s");
      assertEquals(0, p.exitValue());
      assertFalse(Files.exists(socket), "socket file removed");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void tcpIsServedWithAWarningThatItHasNoTls() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path err = dir.resolve("tcp-err.txt");
    Process p = service(err, "--time", "0", "tcp://127.0.0.1:" + port);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(err).contains("serving the Docker Engine API") && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.readString(err).contains("without TLS"), Files.readString(err));
      HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/v1.41/version")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, version.statusCode());
      assertTrue(version.body().contains("\"ApiVersion\":\"1.47\""), version.body());
      HttpResponse<String> tooNew = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/v1.99/version")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, tooNew.statusCode());
      assertTrue(tooNew.body().contains("\"message\":\"client version 1.99 is too new"),
          tooNew.body());
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  /**
   * Started as systemd starts {@code hoist.service} from {@code hoist.socket}: by
   * {@code systemd-socket-activate} (systemd's own tool: it listens, and on the first
   * connection starts the service with the socket as fd 3, {@code LISTEN_FDS=1} and
   * {@code LISTEN_PID}), the socket also moved to fd 0 as the hoist launcher does (and the
   * unit's {@code StandardInput=socket}). The service answers the connection that woke it,
   * {@code hoist info} names it while it runs, and on SIGTERM it leaves systemd's socket file.
   */
  @Test
  void socketActivatedServiceServesTheSocketSystemdPassed() throws Exception {
    Path activate = Path.of("/usr/bin/systemd-socket-activate");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(activate),
        "systemd-socket-activate (package systemd) is not installed");
    Path socket = dir.resolve("activated.sock");
    Path err = dir.resolve("activated-err.txt");
    List<String> command = new ArrayList<>(List.of(activate.toString(), "-l", socket.toString(),
        "-E", "PATH", "sh", "-c", "exec \"$0\" \"$@\" 0<&3 3<&-",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoistInHome.class.getName(),
        dir.resolve("home").toString(), "system", "service", "--time", "0"));
    Process p = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitFile(socket, p);
      String answer = ping(socket); // the first connection starts the service
      assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer + Files.readString(err));
      assertTrue(Files.readString(err).contains("serving the Docker Engine API on unix://"
          + socket), Files.readString(err));
      assertEquals("Engine API service: unix://" + socket, awaitInfoLine("unix://" + socket));
      p.destroy(); // SIGTERM, as systemctl stop
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
      assertTrue(Files.exists(socket), "systemd's socket file is left to systemd");
      assertEquals("Engine API service: none running (hoist system service)", infoLine());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void infoNamesARunningServiceAndForgetsOneKilled() throws Exception {
    Path socket = dir.resolve("info.sock");
    Process p = service(dir.resolve("err.txt"), "--time", "0", "unix://" + socket);
    try {
      awaitFile(socket, p);
      assertEquals("Engine API service: unix://" + socket, awaitInfoLine("unix://" + socket));
      java.io.StringWriter out = new java.io.StringWriter();
      assertEquals(0, hoist(out, "info", "--format", "{{json .EngineAPIServices}}"));
      assertEquals("[\"unix://" + socket + "\"]", out.toString().trim());
      p.destroyForcibly(); // SIGKILL: its record stays, naming a dead PID
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals("Engine API service: none running (hoist system service)", infoLine());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void activationWithAnotherSocketCountIsRefused() throws Exception {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> dev.hoist.internal.engine.SocketActivation
            .inherited(java.util.Map.of("LISTEN_PID",
                Long.toString(ProcessHandle.current().pid()), "LISTEN_FDS", "2")));
    assertTrue(e.getMessage().startsWith("LISTEN_FDS=2: hoist serves one socket"),
        e.getMessage());
    assertTrue(dev.hoist.internal.engine.SocketActivation.inherited(java.util.Map.of(
        "LISTEN_PID", "1", "LISTEN_FDS", "1")).isEmpty(), "another process's sockets ignored");
  }

  /**
   * The info line once it names {@code uri} (10 s at most): the socket file appears a moment
   * before the service publishes its record and starts serving.
   */
  private String awaitInfoLine(String uri) throws InterruptedException {
    String line = infoLine();
    for (int i = 0; i < 100 && !line.endsWith(uri); i++) {
      Thread.sleep(100);
      line = infoLine();
    }
    return line;
  }

  private String infoLine() {
    java.io.StringWriter out = new java.io.StringWriter();
    assertEquals(0, hoist(out, "info"));
    return out.toString().lines().map(String::trim)
        .filter(l -> l.startsWith("Engine API service:")).findFirst().orElse(out.toString());
  }

  private int hoist(java.io.StringWriter out, String... args) {
    String before = System.getProperty("hoist.home");
    System.setProperty("hoist.home", dir.resolve("home").toString());
    try {
      return Main.execute(args, new java.io.PrintWriter(out, true),
          new java.io.PrintWriter(new java.io.StringWriter(), true));
    } finally {
      if (before == null) {
        System.clearProperty("hoist.home");
      } else {
        System.setProperty("hoist.home", before);
      }
    }
  }

  @Test
  void badAddressIsOneClearError() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new String[] {"system", "service", "http://localhost:1"},
        new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    assertEquals(1, code);
    assertEquals("error: unsupported address http://localhost:1: unix:///PATH or "
        + "tcp://HOST:PORT\n", err.toString());
  }
}
