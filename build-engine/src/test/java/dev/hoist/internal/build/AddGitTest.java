package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of git repositories served by a real {@code git daemon} on 127.0.0.1 (root, the real
 * shim, the real git).
 */
class AddGitTest {
  @TempDir Path tmp;
  BuildFixture f;
  Path repo;
  Process daemon;
  int port;
  String url;
  String firstCommit;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(ExternalTools.available("git"), "AddGitTest needs git (apt-get install git): "
        + "skipped");
    BuildFixture.assumeUsable();
    f = new BuildFixture(tmp, "home").withBusybox();
    Path served = Files.createDirectories(tmp.resolve("served"));
    repo = Files.createDirectories(served.resolve("repo"));
    git("init", "-q", "-b", "main");
    Files.writeString(repo.resolve("README.md"), "hello\n");
    Path script = repo.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho from-git\n");
    script.toFile().setExecutable(true, false);
    Files.createSymbolicLink(repo.resolve("link"), Path.of("README.md"));
    Files.createDirectories(repo.resolve("sub/deeper"));
    Files.writeString(repo.resolve("sub/inner.txt"), "inner\n");
    Files.writeString(repo.resolve("sub/deeper/x.txt"), "x\n");
    commit("one");
    firstCommit = git("rev-parse", "HEAD");
    git("tag", "v1");
    git("checkout", "-q", "-b", "feature");
    Files.writeString(repo.resolve("sub/inner.txt"), "inner on feature\n");
    commit("feature");
    git("checkout", "-q", "main");
    Files.writeString(repo.resolve("README.md"), "hello 2\n");
    commit("two");

    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--base-path=" + served,
        "--export-all", "--port=" + port, "--listen=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
    waitForPort(port);
    url = "git://127.0.0.1:" + port + "/repo";
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.descendants().forEach(ProcessHandle::destroy);
      daemon.destroy();
      if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  private static void waitForPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("git daemon did not listen on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Runs git in the served repository; returns its stdout, stripped. */
  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test",
        "-c", "user.email=test@example.com"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile())
        .redirectErrorStream(true);
    pb.environment().put("HOME", tmp.toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
    return out;
  }

  private void commit(String message) throws Exception {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  @Test
  void aGitRepositoryIsABuildContextAtRefAndSubdirectory() throws Exception {
    git("checkout", "-q", "-b", "ctx");
    Files.writeString(repo.resolve("sub/Dockerfile"), "FROM scratch\nCOPY inner.txt /\n");
    Files.writeString(repo.resolve("sub/Other.Dockerfile"),
        "FROM scratch\nCOPY deeper/x.txt /\n");
    commit("a Dockerfile in sub");
    git("checkout", "-q", "main");
    try (BuildContext context = f.engine.openContext(url + "#ctx:sub", null, line -> { })) {
      assertEquals("inner\n", Files.readString(context.directory().resolve("inner.txt")));
      BuildResult r = f.engine.build(BuildRequest.builder(context.directory()).build(),
          BuildProgress.silent());
      assertEquals("inner\n", f.read(r, "inner.txt"), "the Dockerfile of SUBDIR, its files");
      BuildResult other = f.engine.build(BuildRequest.builder(context.directory())
          .dockerfile(context.resolveDockerfile("Other.Dockerfile")).build(),
          BuildProgress.silent());
      assertEquals("x\n", f.read(other, "x.txt"), "-f is read inside the repository");
    }
    BuildException e = assertThrows(BuildException.class,
        () -> f.engine.openContext(url + "#no-such-ref", null, line -> { }));
    assertTrue(e.getMessage().startsWith("build context: " + url), e.getMessage());
    try (var left = Files.list(f.store.home().buildCache().resolve("contexts"))) {
      assertEquals(0, left.count(), "closed or failed contexts leave nothing behind");
    }
  }

  @Test
  void addsRepositoriesAtRefsAsBuildKitDoes() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\n"
        + "ADD " + url + " /src\n"
        + "ADD " + url + "#v1 /tag/\n"
        + "ADD " + url + "#feature:sub /sub\n"
        + "ADD --chown=1000:1000 " + url + "#" + firstCommit + " /sha\n"
        + "ADD --keep-git-dir=true " + url + "#main /kept\n"
        + "RUN /src/run.sh > /ran\n");
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    assertEquals("hello 2\n", Files.readString(root.resolve("src/README.md")),
        "no ref: the remote's default branch");
    assertEquals("from-git\n", Files.readString(root.resolve("ran")), "the script runs");
    assertFalse(Files.exists(root.resolve("src/.git")), ".git is left out by default");
    assertEquals("hello\n", Files.readString(root.resolve("tag/README.md")), "#tag");
    assertEquals("inner on feature\n", Files.readString(root.resolve("sub/inner.txt")),
        "#branch:subdir copies the subdirectory's contents");
    assertEquals("x\n", Files.readString(root.resolve("sub/deeper/x.txt")));
    assertFalse(Files.exists(root.resolve("sub/README.md")), "only the subdirectory");
    assertEquals("hello\n", Files.readString(root.resolve("sha/README.md")), "#commit");
    assertTrue(Files.isRegularFile(root.resolve("kept/.git/HEAD")),
        "--keep-git-dir=true keeps .git");
    assertFalse(Files.readString(root.resolve("kept/.git/config")).contains("user"));

    Map<String, TarArchiveEntry> e = f.entriesByName(r);
    assertEquals(0755, e.get("src/run.sh").getMode() & 07777, "executables stay executable");
    assertEquals(0644, e.get("src/README.md").getMode() & 07777);
    assertEquals(0755, e.get("src/sub").getMode() & 07777);
    assertTrue(e.get("src/link").isSymbolicLink(), "symlinks stay symlinks");
    assertEquals("README.md", e.get("src/link").getLinkName());
    for (String name : List.of("src/README.md", "src/run.sh", "src/link", "src/sub",
        "src/sub/inner.txt", "kept/.git/HEAD")) {
      assertEquals(0, e.get(name).getModTime().getTime(), name + ": the epoch, not clone time");
      assertEquals(0, e.get(name).getLongUserId(), name);
    }
    assertEquals(1000, e.get("sha/README.md").getLongUserId(), "--chown");
    assertEquals(1000, e.get("sha/README.md").getLongGroupId(), "--chown");
    assertTrue(f.image(r).config().history().stream().anyMatch(h -> h.createdBy() != null
        && h.createdBy().equals("ADD " + url + "#v1 /tag/ # buildkit")));
  }

  @Test
  void cacheIsKeyedByTheResolvedCommit() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nADD " + url + "#main /src\n"
        + "RUN cat /src/README.md > /copy\n");
    BuildFixture.Built first = f.build();
    assertFalse(first.progress().cached("ADD"));
    assertTrue(first.progress().notes.stream().anyMatch(n -> n.startsWith("git " + url)),
        "git's stderr is streamed: " + first.progress().notes);
    BuildFixture.Built second = f.build();
    assertTrue(second.progress().cached("ADD"), "same commit: a hit");
    assertTrue(second.progress().reason("ADD").contains("same commit of 1 git repository"),
        second.progress().reason("ADD"));
    assertTrue(second.progress().cached("RUN /bin/sh -c cat"));
    assertEquals(first.result().manifest().digest(), second.result().manifest().digest());

    String before = git("rev-parse", "HEAD");
    Files.writeString(repo.resolve("README.md"), "hello 3\n");
    commit("three");
    String after = git("rev-parse", "HEAD");
    BuildFixture.Built third = f.build();
    assertFalse(third.progress().cached("ADD"), "the branch moved: a miss");
    String reason = third.progress().reason("ADD");
    assertNotNull(reason);
    assertTrue(reason.contains("commit of git " + url + "#main changed ("
        + before.substring(0, 12) + " -> " + after.substring(0, 12) + ")"), reason);
    assertFalse(third.progress().cached("RUN /bin/sh -c cat"));
    assertEquals("hello 3\n", f.read(third.result(), "copy"));

    f.dockerfile("FROM hoist-test/busybox\nADD --keep-git-dir=true " + url + "#main /src\n"
        + "RUN cat /src/README.md > /copy\n");
    BuildFixture.Built kept = f.build();
    assertFalse(kept.progress().cached("ADD"), "--keep-git-dir is part of the key");
  }

  @Test
  void checksumIsACommitPrefix() throws Exception {
    String head = git("rev-parse", "HEAD");
    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=" + head.substring(0, 12) + " "
        + url + " /src\n");
    assertEquals("hello 2\n", f.read(f.build().result(), "src/README.md"));

    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=" + firstCommit + " " + url
        + " /src\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());
    assertTrue(e.getMessage().contains(url), e.getMessage());
    assertTrue(e.getMessage().contains("checksum mismatch: expected commit " + firstCommit),
        e.getMessage());
    assertTrue(e.getMessage().contains(head), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    f.dockerfile("FROM hoist-test/busybox\nADD --checksum=sha256:nothex " + url + " /src\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("expected a commit id"), e.getMessage());
  }

  /**
   * A ref is never an option of git's: {@code #--depth=1} was taken by {@code git fetch} as an
   * option, so the build went on with the remote's HEAD.
   */
  @Test
  void refStartingWithADashIsRefused() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nADD " + url + "#--depth=1 /src\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());
    assertTrue(e.getMessage().contains("invalid ref --depth=1"), e.getMessage());
  }

  @Test
  void errorsAreOneClearLine() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nADD " + url + "#nosuch /src\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains(url + "#nosuch"), e.getMessage());
    assertTrue(e.getMessage().contains("ref nosuch not found"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    f.dockerfile("FROM hoist-test/busybox\nADD " + url + "#main:nowhere /src\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("subdirectory nowhere is not a directory"),
        e.getMessage());

    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String unreachable = "git://127.0.0.1:" + closed + "/repo";
    f.dockerfile("FROM hoist-test/busybox\nADD " + unreachable + " /src\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains(unreachable), e.getMessage());
    assertTrue(e.getMessage().contains("git fetch failed"), e.getMessage());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    String withPassword = "http://someone:s3cret@127.0.0.1:" + closed + "/repo.git";
    f.dockerfile("FROM hoist-test/busybox\nADD " + withPassword + " /src\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("http://127.0.0.1:" + closed + "/repo.git"),
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertFalse(e.getMessage().contains("someone"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    f.dockerfile("FROM hoist-test/busybox\nADD file://" + repo + " /src\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("file:// is not a URL hoist fetches"), e.getMessage());
  }
}
