package dev.hoist.cli;

import static dev.hoist.cli.ContainerCommandsTest.hoist;
import static dev.hoist.cli.ContainerCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's "nothing silently ignored": each option hoist used to accept and ignore now either
 * works (shown on a real container or build) or is refused with a message saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NothingSilentlyIgnoredTest {
  @TempDir static Path dir;
  Path home;

  @BeforeAll
  void setUp() throws Exception {
    home = dir.resolve("home");
    System.setProperty("hoist.home", home.toString());
  }

  @AfterAll
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  private void busybox() throws Exception {
    BusyboxImage.assumeUsable();
    if (hoist("image", "inspect", "busybox:quiet").code() != 0) {
      BusyboxImage.create(new HoistHome(home), dir, "busybox:quiet", ContainerConfig.builder()
          .cmd(List.of("sh")).build());
    }
  }

  private static void refused(ContainerCommandsTest.Result r, String message) {
    assertNotEquals(0, r.code(), r.all());
    assertTrue(r.err().contains(message), r.all());
  }

  @Test
  void bindPropagationOtherThanRprivateIsRefusedAndRprivateWorks() throws Exception {
    busybox();
    Path shared = Files.createDirectories(dir.resolve("shared"));
    refused(hoist("run", "--rm", "--mount", "type=bind,source=" + shared
        + ",target=/m,bind-propagation=rshared", "busybox:quiet", "true"),
        "bind-propagation=rshared is not supported: hoist makes every bind mount rprivate");
    refused(hoist("run", "--rm", "-v", shared + ":/m:shared", "busybox:quiet", "true"),
        "volume option 'shared' in '" + shared + ":/m:shared' is not supported");
    refused(hoist("run", "--rm", "--mount", "type=volume,target=/m,bind-propagation=rprivate",
        "busybox:quiet", "true"), "bind-propagation is for type=bind only");
    ok("run", "--rm", "--mount", "type=bind,source=" + shared
        + ",target=/m,bind-propagation=rprivate", "busybox:quiet", "true");
  }

  @Test
  void volumeNocopyLeavesANewVolumeEmpty() throws Exception {
    busybox();
    assertEquals("", ok("run", "--rm", "--mount",
        "type=volume,source=nocopy-vol,target=/etc,volume-nocopy", "busybox:quiet", "ls", "/etc")
        .out());
    assertEquals("", ok("run", "--rm", "-v", "nocopy-short:/etc:nocopy", "busybox:quiet", "ls",
        "/etc").out());
    assertTrue(ok("run", "--rm", "--mount", "type=volume,source=copied-vol,target=/etc",
        "busybox:quiet", "ls", "/etc").out().contains("passwd"), "without it: the image's /etc");
    refused(hoist("run", "--rm", "--mount", "type=bind,source=" + dir + ",target=/m,"
        + "volume-nocopy", "busybox:quiet", "true"), "volume-nocopy is for type=volume only");
    refused(hoist("run", "--rm", "--mount", "type=volume,target=/m,volume-nocopy=maybe",
        "busybox:quiet", "true"), "invalid value for volume-nocopy: maybe");
  }

  @Test
  void aForeignSyntaxFrontendIsRefusedAndDockersOwnBuilds() throws Exception {
    refused(build("# syntax=example.com/my/frontend:1\nFROM scratch\nCOPY f /f\n"),
        "# syntax=example.com/my/frontend:1 asks for another frontend image; hoist builds with"
            + " its own Dockerfile frontend and cannot run one");
    ContainerCommandsTest.Result built =
        build("# syntax=docker.io/docker/dockerfile:1.7\nFROM scratch\nCOPY f /f\n");
    assertEquals(0, built.code(), built.all());
  }

  @Test
  void checkErrorTrueIsRefusedAndSkipIsAccepted() throws Exception {
    refused(build("# check=error=true\nFROM scratch\nCOPY f /f\n"),
        "# check=error=true is not supported: hoist runs none of BuildKit's build checks");
    refused(build("# check=loud=yes\nFROM scratch\nCOPY f /f\n"), "unknown key 'loud'");
    ContainerCommandsTest.Result built =
        build("# check=skip=JSONArgsRecommended;error=false\nFROM scratch\nCOPY f /f\n");
    assertEquals(0, built.code(), built.all());
  }

  @Test
  void cacheOptionsHoistDoesNotHonourAreRefused() throws Exception {
    refused(build("FROM scratch\nCOPY f /f\n", "--cache-to",
        "type=registry,ref=127.0.0.1:1/c:1,mode=min"), "mode=min is not supported");
    refused(build("FROM scratch\nCOPY f /f\n", "--cache-from",
        "type=registry,ref=127.0.0.1:1/c:1,oci-mediatypes=true"),
        "oci-mediatypes is not supported");
  }

  private ContainerCommandsTest.Result build(String dockerfile, String... options)
      throws Exception {
    Path context = Files.createTempDirectory(dir, "ctx");
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    Files.writeString(context.resolve("f"), "f\n");
    List<String> args = new java.util.ArrayList<>(List.of("build", "--progress", "plain"));
    args.addAll(List.of(options));
    args.add(context.toString());
    return hoist(args.toArray(String[]::new));
  }
}
