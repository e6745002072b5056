package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hoist.cache.model.Digest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of http URLs served by a real HTTP server on 127.0.0.1 (root, the real shim). */
class AddUrlTest {
  /** What the server answers for a path: a status, a body and maybe Last-Modified. */
  record Served(int status, byte[] body, String lastModified, String location) {}

  @TempDir Path tmp;
  BuildFixture f;
  HttpServer server;
  String base;
  final Map<String, Served> served = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    BuildFixture.assumeUsable();
    f = new BuildFixture(tmp, "home").withBusybox();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Served s = served.getOrDefault(path, new Served(404, "not here".getBytes(), null, null));
      if (s.lastModified() != null) {
        exchange.getResponseHeaders().set("Last-Modified", s.lastModified());
      }
      if (s.location() != null) {
        exchange.getResponseHeaders().set("Location", s.location());
      }
      exchange.sendResponseHeaders(s.status(), s.body().length == 0 ? -1 : s.body().length);
      try (var out = exchange.getResponseBody()) {
        out.write(s.body());
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.stop(0);
    }
  }

  void serve(String path, String content, String lastModified) {
    serve(path, content.getBytes(StandardCharsets.UTF_8), lastModified);
  }

  void serve(String path, byte[] content, String lastModified) {
    served.put(path, new Served(200, content, lastModified, null));
  }


  @Test
  void aUrlOfATarOrOfADockerfileIsABuildContext() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
        new java.util.zip.GZIPOutputStream(bytes))) {
      for (String[] file : new String[][] {{"Dockerfile", "FROM scratch\nCOPY a.txt /\n"},
          {"a.txt", "from the tarball"}}) {
        byte[] content = file[1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(file[0]);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    serve("/context.tar.gz", bytes.toByteArray(), null);
    serve("/Dockerfile", "FROM scratch\nENV FROM_URL=yes\n", null);
    try (BuildContext context = f.engine.openContext(base + "/context.tar.gz", null, l -> { })) {
      BuildResult r = f.engine.build(BuildRequest.builder(context.directory()).build(),
          BuildProgress.silent());
      assertEquals("from the tarball", f.read(r, "a.txt"));
    }
    try (BuildContext context = f.engine.openContext(base + "/Dockerfile", null, l -> { })) {
      assertNotNull(context.dockerfile(), "plain text: the Dockerfile, with an empty context");
      try (var files = Files.list(context.directory())) {
        assertEquals(0, files.count());
      }
      BuildResult r = f.engine.build(BuildRequest.builder(context.directory())
          .dockerfile(context.dockerfile()).build(), BuildProgress.silent());
      assertTrue(r.config().config().env().contains("FROM_URL=yes"), r.config().toString());
    }
    BuildException e = assertThrows(BuildException.class,
        () -> f.engine.openContext(base + "/missing.tar", null, l -> { }));
    assertTrue(e.getMessage().startsWith("build context: " + base
        + "/missing.tar: download failed: HTTP 404"), e.getMessage());
  }

  @Test
  void addsUrlsByDockersRules() throws Exception {
    serve("/files/tool.sh", "#!/bin/sh\necho tool\n", "Wed, 21 Oct 2015 07:28:00 GMT");
    serve("/files/plain.txt", "no date", null);
    serve("/files/bundle.tar.gz", BuildFixture.tarGz(), null);
    served.put("/moved", new Served(302, new byte[0], null, base + "/files/plain.txt"));
    f.dockerfile("FROM hoist-test/busybox\n"
        + "ADD " + base + "/files/tool.sh /opt/\n"
        + "ADD " + base + "/files/tool.sh /opt/renamed\n"
        + "ADD --chmod=755 --chown=1000:1000 " + base + "/files/tool.sh /usr/local/bin/tool\n"
        + "ADD " + base + "/files/plain.txt " + base + "/files/bundle.tar.gz /dl/\n"
        + "ADD " + base + "/moved?x=1 /dl/redirected.txt\n"
        + "RUN /usr/local/bin/tool > /ran\n");
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    assertEquals("#!/bin/sh\necho tool\n", Files.readString(root.resolve("opt/tool.sh")),
        "a destination ending in / takes the URL's file name");
    assertEquals("#!/bin/sh\necho tool\n", Files.readString(root.resolve("opt/renamed")),
        "otherwise the destination is the file name");
    assertEquals("tool\n", Files.readString(root.resolve("ran")));
    assertEquals("no date", Files.readString(root.resolve("dl/redirected.txt")),
        "redirects are followed");
    Map<String, TarArchiveEntry> e = f.entriesByName(r);
    assertEquals(0600, e.get("opt/tool.sh").getMode() & 07777, "mode 0600 without --chmod");
    assertEquals(0, e.get("opt/tool.sh").getLongUserId());
    assertEquals(1445412480L, e.get("opt/tool.sh").getModTime().getTime() / 1000,
        "mtime from Last-Modified");
    assertEquals(0, e.get("dl/plain.txt").getModTime().getTime(),
        "no Last-Modified: the Unix epoch, as Docker and BuildKit");
    assertEquals(0755, e.get("usr/local/bin/tool").getMode() & 07777);
    assertEquals(1000, e.get("usr/local/bin/tool").getLongUserId());
    assertEquals(1000, e.get("usr/local/bin/tool").getLongGroupId());
    assertTrue(Files.isRegularFile(root.resolve("dl/bundle.tar.gz")), "a URL is never extracted");
    assertFalse(Files.exists(root.resolve("dl/pkg")), "a URL is never extracted");
    assertTrue(f.image(r).config().history().stream().anyMatch(h -> h.createdBy() != null
        && h.createdBy().equals("ADD " + base + "/files/tool.sh /opt/ # buildkit")));
  }

  @Test
  void checksumIsVerified() throws Exception {
    serve("/files/data.bin", "payload", null);
    String good = Digest.sha256("payload".getBytes(StandardCharsets.UTF_8)).toString();
    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=" + good + " " + base
        + "/files/data.bin /data.bin\n");
    assertEquals("payload", f.read(f.build().result(), "data.bin"));

    String bad = Digest.sha256("other".getBytes(StandardCharsets.UTF_8)).toString();
    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=" + bad + " " + base
        + "/files/data.bin /data.bin\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains(base + "/files/data.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("expected " + bad), e.getMessage());
    assertTrue(e.getMessage().contains(good), e.getMessage());
    assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());

    f.file("local.txt", "x");
    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=" + good + " local.txt /\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("--checksum can't be specified for non-HTTP(S) sources"),
        e.getMessage());
  }

  @Test
  void downloadErrorsAreOneClearLine() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nADD " + base + "/missing.txt /m.txt\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains(base + "/missing.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    served.put("/broken", new Served(500, "oops".getBytes(), null, null));
    f.dockerfile("FROM hoist-test/busybox\nADD " + base + "/broken /b\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());

    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String unreachable = "http://127.0.0.1:" + closed + "/x";
    f.dockerfile("FROM hoist-test/busybox\nADD " + unreachable + " /x\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains(unreachable) && e.getMessage().contains("download failed"),
        e.getMessage());

    serve("/dir/", "listing", null);
    f.dockerfile("FROM hoist-test/busybox\nADD " + base + "/dir/ /opt/\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("cannot determine filename from URL"), e.getMessage());
  }

  @Test
  void cacheIsKeyedByTheUrlsContent() throws Exception {
    serve("/files/v.txt", "one", null);
    f.dockerfile("FROM hoist-test/busybox\nADD " + base + "/files/v.txt /v.txt\n"
        + "RUN cat /v.txt > /copy\n");
    BuildFixture.Built first = f.build();
    assertFalse(first.progress().cached("ADD"));
    BuildFixture.Built second = f.build();
    assertTrue(second.progress().cached("ADD"), "same content: a hit");
    assertTrue(second.progress().reason("ADD").contains("same content of 1 URL"),
        second.progress().reason("ADD"));
    assertTrue(second.progress().cached("RUN /bin/sh -c cat /v.txt"));
    assertEquals(first.result().manifest().digest(), second.result().manifest().digest());
    assertEquals(2, hits.get("/files/v.txt").get(), "downloaded again to learn its content");

    serve("/files/v.txt", "two", null);
    BuildFixture.Built third = f.build();
    assertFalse(third.progress().cached("ADD"));
    String reason = third.progress().reason("ADD");
    assertNotNull(reason);
    assertTrue(reason.contains("content of URL " + base + "/files/v.txt changed"), reason);
    assertFalse(third.progress().cached("RUN /bin/sh -c cat /v.txt"));
    assertEquals("two", f.read(third.result(), "copy"));
  }
}
