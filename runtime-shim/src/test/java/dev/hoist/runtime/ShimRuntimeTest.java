package dev.hoist.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

  @Test
  void initExecutableCannotBeOverwritten() throws Exception {
    byte[] shimBefore = Files.readAllBytes(((ShimRuntime) runtime).shim());
    Result r = run("echo x > /proc/1/exe && echo wrote; "
        + "cat /proc/1/exe > /dev/null 2>&1 && echo read; exit 0");
    assertFalse(r.out().contains("wrote"), r.out() + r.err());
    assertFalse(r.out().contains("read"), r.out() + r.err());
    assertTrue(Arrays.equals(shimBefore, Files.readAllBytes(((ShimRuntime) runtime).shim())));
  }

  @Test
  void imageSymlinksCannotPlaceMountsOnTheHost() throws Exception {
    Path canary = Files.createDirectories(tmp.resolve("canary"));
    Path evil = Files.createDirectories(tmp.resolve("evil-layer/mnt"));
    Files.createSymbolicLink(evil.resolve("escape"), canary.toAbsolutePath());
    Path vol = Files.createDirectories(tmp.resolve("vol"));
    Path dir = tmp.resolve("containers/c" + containers.incrementAndGet());
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("evil-layer"), lower), dir)
        .argv("sh", "-c", "ls /mnt/escape/")
        .mount(new BindMount(vol, "/mnt/escape/inside", false))
        .build();
    Result r = run(spec);
    // Inside the root the link leads nowhere: the shim refuses rather than follow it out.
    assertEquals(125, r.exit(), r.err());
    assertTrue(r.err().contains("/mnt/escape"), r.err());
    try (var s = Files.list(canary)) {
      assertEquals(List.of(), s.toList(), "nothing was created on the host");
    }
  }

}
