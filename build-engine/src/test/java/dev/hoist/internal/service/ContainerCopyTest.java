package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.Stdio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hoist cp} on real containers, stopped and running (under hoist's shim and runc): both
 * directions, tar streams, Docker's landing rules, and symlinks in the container that point at
 * the host's paths, which must be resolved inside the container's root, never followed out.
 */
class ContainerCopyTest {
  @TempDir Path dir;
  private int homes;

  /** A host directory a container's absolute symlinks name: what an escape would reach. */
  private Path hostSecrets() throws IOException {
    Path secrets = Files.createDirectories(Files.createTempDirectory(dir, "host-secrets"));
    Files.writeString(secrets.resolve("secret"), "host secret\n");
    return secrets;
  }

  private ServiceHome home() {
    ServiceHome.assumeContainers();
    return new ServiceHome(dir.resolve("h-" + ++homes), Map.of(), JvmMonitorCommand.thisJvm());
  }

  /** A container of box:1 that runs {@code script} under {@code runtime}: created only. */
  private static ContainerState create(ServiceHome home, String runtime, String script)
      throws IOException {
    if (home.hoist.images().store().get(dev.hoist.cache.image.ImageName.parse("box:1"))
        .isEmpty()) {
      home.importBusybox("box:1", "box");
    }
    return home.hoist.containers().create(RunOptions.builder("box:1")
        .cmd("sh", "-c", script).runtime(runtime).build(), PullPolicy.NEVER, RegistryOverrides.NONE,
        PullListener.NONE);
  }

  /** A container that made symlinks to {@code secrets} (absolute and climbing) and a file. */
  private static ContainerState withTraps(ServiceHome home, String runtime, Path secrets,
      boolean running) throws Exception {
    String script = "ln -s " + secrets + " /abs && ln -s ../../../../../../.." + secrets
        + " /climb && ln -s " + secrets + "/secret /file-link && mkdir -p /data " + secrets
        + " && echo inside > /data/a.txt && echo ready > /ready"
        + (running ? " && exec sleep 60" : "");
    ContainerState c = create(home, runtime, script);
    ContainerService containers = home.hoist.containers();
    if (running) {
      containers.start(c.id());
      for (int i = 0; i < 400 && !readyInside(home, c); i++) {
        Thread.sleep(25);
      }
    } else {
      assertEquals(0, containers.runAttached(c, Stdio.pipes(), p -> { }));
    }
    return c;
  }

  private static boolean readyInside(ServiceHome home, ContainerState c) {
    try {
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      home.hoist.containers().copyOut(c.id(), "/ready", false, tar);
      return true;
    } catch (Exception notYet) {
      return false;
    }
  }

  private static List<String> names(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
      }
    }
    return names;
  }

  @ParameterizedTest
  @ValueSource(strings = {"stopped", "running"})
  void symlinksInTheContainerNeverLeadACopyOntoTheHost(String when) throws Exception {
    runBothRuntimes(runtime -> {
      ServiceHome home = home();
      Path secrets = hostSecrets();
      ContainerService containers = home.hoist.containers();
      ContainerState c = withTraps(home, runtime, secrets, when.equals("running"));
      try {
        // through an absolute or a climbing symlink: the container has no such file
        for (String path : List.of("/abs/secret", "/climb/secret")) {
          Path out = dir.resolve("out-" + runtime + when);
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> containers.copyToHost(c.id(), path, false, out.toString(), false), path);
          assertTrue(e.getMessage().contains("Could not find the file " + path), e.getMessage());
          assertFalse(Files.exists(out), path);
        }
        // -L on a link to the host's file: followed inside the container, where it is missing
        assertThrows(IllegalArgumentException.class, () -> containers.copyOut(c.id(),
            "/file-link", true, new ByteArrayOutputStream()));
        // without -L the link itself is copied, as it is
        ByteArrayOutputStream link = new ByteArrayOutputStream();
        containers.copyOut(c.id(), "/file-link", false, link);
        assertEquals(List.of("file-link -> " + secrets + "/secret"), names(link.toByteArray()));
        // into the container through them: lands inside it, the host's directory unchanged
        Path payload = Files.writeString(dir.resolve("payload"), "payload\n");
        containers.copyFromHost(payload.toString(), false, c.id(), "/abs/planted", false);
        containers.copyIn(tarOf(home, c, "/data"), c.id(), "/climb", false);
        try (var listed = Files.list(secrets)) {
          assertEquals(List.of(secrets.resolve("secret")), listed.toList(), "host untouched");
        }
        ByteArrayOutputStream planted = new ByteArrayOutputStream();
        containers.copyOut(c.id(), secrets + "/planted", false, planted);
        assertEquals(List.of("planted"), names(planted.toByteArray()));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        containers.copyOut(c.id(), secrets + "/data/a.txt", false, data);
        assertEquals(List.of("a.txt"), names(data.toByteArray()));
      } finally {
        containers.remove(c.id(), true, true);
      }
    });
  }

  private static ByteArrayInputStream tarOf(ServiceHome home, ContainerState c, String path)
      throws Exception {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    home.hoist.containers().copyOut(c.id(), path, false, tar);
    return new ByteArrayInputStream(tar.toByteArray());
  }

  @FunctionalInterface
  interface PerRuntime {
    void run(String runtime) throws Exception;
  }

  private void runBothRuntimes(PerRuntime test) throws Exception {
    ExternalTools.assumeAvailable("runc");
    for (String runtime : List.of("hoist", "runc")) {
      test.run(runtime);
    }
  }

  @Test
  void copiesFollowDockersLandingRulesBothWays() throws Exception {
    ServiceHome home = home();
    ContainerService containers = home.hoist.containers();
    ContainerState c = withTraps(home, "hoist", hostSecrets(), false);
    Path host = Files.createDirectories(dir.resolve("host"));
    // a directory to a new path: becomes it; to an existing directory: goes inside it
    containers.copyToHost(c.id(), "/data", false, host.resolve("copy").toString(), false);
    assertEquals("inside\n", Files.readString(host.resolve("copy/a.txt")));
    containers.copyToHost(c.id(), "/data", false, host.resolve("copy").toString(), false);
    assertEquals("inside\n", Files.readString(host.resolve("copy/data/a.txt")));
    // SRC/. copies the content
    Path content = Files.createDirectories(dir.resolve("content"));
    containers.copyToHost(c.id(), "/data/.", false, content.toString(), false);
    assertEquals("inside\n", Files.readString(content.resolve("a.txt")));
    // a file to a new name, and onto an existing file
    containers.copyToHost(c.id(), "/data/a.txt", false, host.resolve("renamed.txt").toString(),
        false);
    assertEquals("inside\n", Files.readString(host.resolve("renamed.txt")));
    // a directory onto a file is refused; a file into a missing directory too
    assertThrows(IllegalArgumentException.class, () -> containers.copyToHost(c.id(), "/data",
        false, host.resolve("renamed.txt").toString(), false));
    assertThrows(IllegalArgumentException.class, () -> containers.copyToHost(c.id(),
        "/data/a.txt", false, host.resolve("nowhere/x").toString(), false));

    // into the stopped container, then read back by running it
    Files.writeString(host.resolve("new.txt"), "from the host\n");
    containers.copyFromHost(host.resolve("new.txt").toString(), false, c.id(), "/data/", false);
    containers.copyFromHost(host.resolve("copy").toString(), false, c.id(), "/copied", true);
    ContainerState reader = c;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContainerState again = home.hoist.containers().containers().store().update(c.id(),
        s -> s); // unchanged: its upper directory holds what cp wrote
    containers.copyOut(again.id(), "/data/new.txt", false, out);
    assertEquals(List.of("new.txt"), names(out.toByteArray()));
    ByteArrayOutputStream copied = new ByteArrayOutputStream();
    containers.copyOut(reader.id(), "/copied", false, copied);
    assertTrue(names(copied.toByteArray()).contains("copied/data/a.txt"),
        names(copied.toByteArray()).toString());
    assertTrue(Files.exists(c.spec().upperDir().resolve("data/new.txt")),
        "written into the container's own upper layer");
    containers.remove(c.id(), true, true);
  }

  @Test
  void aRunningContainerSeesTheCopiedFileAndRunsOnAfterward() throws Exception {
    ServiceHome home = home();
    ContainerService containers = home.hoist.containers();
    ContainerState c = create(home, "hoist",
        "mkdir /in; echo ready > /ready; while ! test -f /in/go; do sleep 0.05; done; cat /in/go; exit 3");
    containers.start(c.id());
    for (int i = 0; i < 400 && !readyInside(home, c); i++) {
      Thread.sleep(25);
    }
    Path go = Files.writeString(dir.resolve("go"), "go\n");
    containers.copyFromHost(go.toString(), false, c.id(), "/in", false);
    assertEquals(3, home.hoist.containers().containers().await(c.id(), Duration.ofSeconds(30))
        .getAsInt(), "the container was thawed and found /in");
    String log = Files.readString(containers.containers().store().logFile(c.id()),
        StandardCharsets.UTF_8);
    assertTrue(log.contains("go"), log);
    containers.remove(c.id(), true, true);
  }
}
