package dev.hoist.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.store.HoistHome;
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

  /** The shim refuses outright (125), naming the path. */
  @Override
  void assertSymlinkEscapeRefused(Result r) {
    assertEquals(125, r.exit(), r.err());
    assertTrue(r.err().contains("/mnt/escape"), r.err());
  }
}
