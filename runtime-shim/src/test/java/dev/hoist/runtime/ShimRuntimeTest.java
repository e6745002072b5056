package dev.hoist.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.store.HoistHome;
import java.io.IOException;
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
