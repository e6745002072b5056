package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behavioural suite on hoist's own shim, plus what only the shim does. */
class ShimRuntimeTest extends RuntimeBehaviourTest {
  @Override
  Runtime newRuntime(HoistHome home) throws IOException {
    return ShimRuntime.forHome(home);
  }

  @Test
  void terminalFollowsTheHostTerminalsSize() throws Exception {
    ExternalTools.assumeAvailable("python3"); // to drive a pty and resize it
    ContainerSpec spec = spec("stty size; sleep 1; stty size; stty -a | head -1")
        .tty(true).build();
    Files.createDirectories(spec.containerDir());
    for (String d : List.of("upper", "work", "rootfs")) {
      Files.createDirectories(spec.containerDir().resolve(d));
    }
    Path config = spec.containerDir().resolve("shim.conf");
    ShimConfig.of(spec, EtcFiles.write(spec), List.of()).write(config);
    Path script = tmp.resolve("winsize.py");
    try (var in = getClass().getResourceAsStream("winsize.py")) {
      Files.copy(in, script);
    }
    Process p = new ProcessBuilder(ExternalTools.require("python3").toString(),
        script.toString(), ((ShimRuntime) runtime).shim().toString(), config.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    // sizes before and after SIGWINCH; \r\n once (the host side is raw, no second ONLCR)
    assertTrue(out.startsWith("b'30 100\\r\\n40 120\\r\\n"), out);
    assertTrue(out.contains("rows 40; columns 120"), out);
    assertTrue(out.trim().endsWith(" 0"), "exit status 0: " + out);
  }

  /**
   * A terminal without a host terminal behind it (a detached container's, an exec's): the size
   * asked for through {@code winsize-dir} ({@link TerminalSize}, as the Engine API's resize)
   * is the pty's before the input that follows it ({@link ShimRuntime#resize}); the file is
   * gone once the shim ends, and an ended shim is not resized.
   */
  @Test
  void terminalTakesTheSizeAskedForThroughWinsizeDir() throws Exception {
    ContainerSpec spec = spec("read go; stty size").tty(true).build();
    ContainerDirs.create(spec);
    Path dir = spec.containerDir().toAbsolutePath();
    Path config = dir.resolve("shim.conf");
    ShimConfig.of(spec, EtcFiles.write(spec), List.of())
        .put(TerminalSize.CONFIG_KEY, dir.toString()).write(config);
    Process p = new ProcessBuilder(((ShimRuntime) runtime).shim().toString(), config.toString())
        .redirectErrorStream(true).start();
    HostProcess shim = HostProcess.of(p.pid()).orElseThrow();
    assertTrue(runtime.resize(spec, shim, new TerminalSize(33, 91)));
    p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("33 91\r\n"), out);
    assertFalse(Files.exists(TerminalSize.file(dir, p.pid())), "the shim removes its file");
    assertFalse(runtime.resize(spec, shim, new TerminalSize(20, 80)), "an ended shim resized");
    assertFalse(Files.exists(TerminalSize.file(dir, p.pid())), "a file for an ended shim");
    assertThrows(IllegalArgumentException.class, () -> new TerminalSize(0, 80));
  }

  /**
   * The shim's BPF device program alone (a cgroup on the v2 tree only, so no v1 devices rules
   * are in the way on a hybrid host): a host block device is refused, the allowed devices work.
   */
  @Test
  void deviceProgramOnCgroupV2RefusesABlockDevice() throws Exception {
    assumeTrue(Cgroups.v2Mount(Files.readAllLines(Path.of("/proc/self/mountinfo"))).isPresent(),
        "no cgroup2 hierarchy mounted: skipped");
    try (HostBlockDevice disk = HostBlockDevice.attach(tmp)) {
      ContainerSpec spec = spec("mknod /tmp/disk b " + disk.numbers() + " && echo made; "
          + "head -c 64 /tmp/disk; echo x > /dev/null && echo null-ok; "
          + "head -c 3 /dev/zero | wc -c; echo > /dev/full; cat /proc/self/cgroup; exit 0")
          .build();
      ContainerDirs.create(spec);
      Path dir = spec.containerDir().toAbsolutePath();
      Cgroups v2Only = Cgroups.create(dir, Resources.NONE, CgroupLayout.V2);
      Path config = dir.resolve("shim.conf");
      try {
        ShimConfig.of(spec, EtcFiles.write(spec), v2Only.dirs()).confine(v2Only, DeviceRule.DOCKER_DEFAULT).write(config);
        Process p = new ProcessBuilder(((ShimRuntime) runtime).shim().toString(),
            config.toString()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
            .toFile())).start();
        var err = drain(p.getErrorStream());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + err.get());
        assertTrue(out.startsWith("made\n"), out + err.get());
        assertFalse(out.contains(HostBlockDevice.SECRET), "read the host's device: " + out);
        assertTrue(out.contains("null-ok\n3\n"), out + err.get());
        assertTrue(err.get().contains("/tmp/disk: Operation not permitted"), err.get());
        assertTrue(err.get().contains("No space left"), "/dev/full opens: " + err.get());
        assertTrue(out.contains("0::/\n"), "in the v2 cgroup, at its root: " + out);
      } finally {
        v2Only.remove();
      }
    }
  }

  /** The shim refuses outright (125), naming the path. */
  @Override
  void assertSymlinkEscapeRefused(Result r) {
    assertEquals(125, r.exit(), r.err());
    assertTrue(r.err().contains("/mnt/escape"), r.err());
  }
}
