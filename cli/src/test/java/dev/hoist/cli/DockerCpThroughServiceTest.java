package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cli.DockerCliHarness.Result;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker cp} both ways through hoist's service ({@code /containers/{id}/archive}), into
 * and out of running and stopped containers: files, directories, symlinks (never followed out
 * of the container's root), {@code -a} and Docker's refusal to replace a directory by a file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerCpThroughServiceTest {
  @TempDir static Path dir;
  DockerCliHarness service;
  Path host;

  @BeforeAll
  void setUp() throws Exception {
    service = DockerCliHarness.start(dir, "docker");
    host = Files.createDirectories(dir.resolve("host"));
    service.dockerOk("run", "-d", "--name", "cp-running", "busybox:test", "sh", "-c",
        "mkdir -p /secret /tmp/adir && echo container > /secret/f && ln -s /secret /tmp/l "
            + "&& ln -s / /tmp/up && echo ready && " + ContainerCommandsTest.WAIT_A_MINUTE);
    for (int i = 0; i < 200 && !service.dockerOk("logs", "cp-running").out().contains("ready");
        i++) {
      Thread.sleep(50);
    }
    service.dockerOk("create", "--name", "cp-stopped", "busybox:test", "true");
  }

  @AfterAll
  void tearDown() throws Exception {
    if (service != null) {
      service.docker("rm", "-f", "cp-running", "cp-stopped");
      service.close();
    }
  }

  @Test
  void aFileGoesInAndComesBackOutOfARunningContainer() throws Exception {
    Files.writeString(host.resolve("hello.txt"), "hello\n");
    service.dockerOk("cp", host.resolve("hello.txt").toString(), "cp-running:/tmp/");
    assertEquals("hello\n", service.dockerOk("exec", "cp-running", "cat", "/tmp/hello.txt").out());
    Path out = host.resolve("back.txt");
    service.dockerOk("cp", "cp-running:/tmp/hello.txt", out.toString());
    assertEquals("hello\n", Files.readString(out));
  }

  @Test
  void directoriesBothWaysWithAStoppedContainer() throws Exception {
    Path tree = Files.createDirectories(host.resolve("tree/sub"));
    Files.writeString(tree.resolve("a.txt"), "a\n");
    service.dockerOk("cp", host.resolve("tree").toString(), "cp-stopped:/srv");
    Path out = Files.createDirectories(host.resolve("out-stopped"));
    service.dockerOk("cp", "cp-stopped:/srv", out.toString());
    assertEquals("a\n", Files.readString(out.resolve("srv/sub/a.txt")));
    Path contents = Files.createDirectories(host.resolve("contents"));
    service.dockerOk("cp", "cp-stopped:/srv/.", contents.toString());
    assertEquals("a\n", Files.readString(contents.resolve("sub/a.txt")));
  }

  @Test
  void symlinksResolveInsideTheContainersRoot() throws Exception {
    Path f = host.resolve("f-out");
    service.dockerOk("cp", "cp-running:/tmp/l/f", f.toString());
    assertEquals("container\n", Files.readString(f));
    // the link itself, not followed; with -L its target
    Path link = host.resolve("l-out");
    service.dockerOk("cp", "cp-running:/tmp/l", link.toString());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("/secret", Files.readSymbolicLink(link).toString());
    Path followed = host.resolve("l-followed");
    service.dockerOk("cp", "-L", "cp-running:/tmp/l", followed.toString());
    assertEquals("container\n", Files.readString(followed.resolve("f")));
    // through a link to / into the container's root, not the host's
    String name = "hoist-cp-" + UUID.randomUUID() + ".txt";
    Files.writeString(host.resolve(name), "in the root\n");
    service.dockerOk("cp", host.resolve(name).toString(), "cp-running:/tmp/up/");
    assertFalse(Files.exists(Path.of("/", name), LinkOption.NOFOLLOW_LINKS));
    assertEquals("in the root\n", service.dockerOk("exec", "cp-running", "cat", "/" + name)
        .out());
  }

  @Test
  void ownersOnlyWithArchiveAndNoDirectoryReplacedByAFile() throws Exception {
    Path owned = Files.writeString(host.resolve("owned.txt"), "x");
    Files.setAttribute(owned, "unix:uid", 1234);
    Files.setAttribute(owned, "unix:gid", 1235);
    service.dockerOk("cp", owned.toString(), "cp-running:/tmp/plain.txt");
    service.dockerOk("cp", "-a", owned.toString(), "cp-running:/tmp/kept.txt");
    assertEquals("0:0\n", service.dockerOk("exec", "cp-running", "stat", "-c", "%u:%g",
        "/tmp/plain.txt").out());
    assertEquals("1234:1235\n", service.dockerOk("exec", "cp-running", "stat", "-c", "%u:%g",
        "/tmp/kept.txt").out());

    Files.writeString(host.resolve("adir"), "a file\n");
    Result refused = service.docker("cp", host.resolve("adir").toString(), "cp-running:/tmp/");
    assertEquals(1, refused.code(), refused.all());
    assertTrue(refused.err().contains("cannot overwrite directory"), refused.all());
    assertEquals("directory\n", service.dockerOk("exec", "cp-running", "sh", "-c",
        "test -d /tmp/adir && echo directory").out());
  }

  @Test
  void theRootOfARunningContainerIsADirectory() throws Exception {
    Files.writeString(host.resolve("at-root.txt"), "root\n");
    service.dockerOk("cp", host.resolve("at-root.txt").toString(), "cp-running:/");
    assertEquals("root\n", service.dockerOk("exec", "cp-running", "cat", "/at-root.txt").out());
  }

  @Test
  void aMissingPathIsDockersError() throws Exception {
    Result missing = service.docker("cp", "cp-running:/no/such", host.resolve("x").toString());
    assertEquals(1, missing.code(), missing.all());
    assertTrue(missing.err().contains("Could not find the file /no/such"), missing.all());
  }
}
