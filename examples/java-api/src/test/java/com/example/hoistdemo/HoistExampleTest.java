package com.example.hoistdemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.api.EmbeddedHoist;
import dev.hoist.api.InspectedImage;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example's main against the real registry process: a busybox base image is pushed
 * there first, then the example pulls, tags, pushes, builds with a RUN step, runs and pushes.
 */
class HoistExampleTest {
  @TempDir Path dir;

  @Test
  void theExampleBuildsRunsAndPushesAgainstARegistry() throws Exception {
    BusyboxRootfs.assumeUsable("the Java API example", "it builds a RUN step and runs a container");
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      String base = registry.host() + "/base/busybox:1";
      InspectedImage seeded;
      try (EmbeddedHoist seed = EmbeddedHoist.builder().home(dir.resolve("seed"))
          .environment(Map.of()).hostRegistrySettings(false).open()) {
        Path tar = BusyboxRootfs.tar(Files.createDirectories(dir.resolve("rootfs")));
        try (InputStream in = Files.newInputStream(tar)) {
          seeded = seed.importImage(in, base);
        }
        seed.push(base);
      }

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int code = HoistExample.run(new String[] {registry.host(), base,
          dir.resolve("home").toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8));
      String out = printed.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, out);
      List<String> lines = out.lines().toList();
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("pulled " + base + ": sha256:")), out);
      assertTrue(lines.contains("container: hello from the Java API"), out);
      assertTrue(lines.contains("container: built for an embedder"), out);
      assertTrue(lines.contains("exit code 0"), out);
      String hello = registry.host() + "/examples/hello:1";
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("pushed " + hello + ": sha256:")),
          out);
      String assembled = registry.host() + "/examples/assembled:1";
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("assembled " + assembled
          + ": sha256:") && l.endsWith(", 2 layer(s) written, 0 from the cache")), out);
      assertTrue(lines.contains("container: assembled by the Java API"), out);

      // what it pushed is in the registry: another home pulls it
      try (EmbeddedHoist check = EmbeddedHoist.builder().home(dir.resolve("check"))
          .environment(Map.of()).hostRegistrySettings(false).open()) {
        InspectedImage pulled = check.pull(hello);
        assertEquals("hoist-java-api-example", pulled.labels().get("org.example.made-by"));
        assertEquals(List.of("cat", "/message.txt"), pulled.cmd());
        assertEquals(seeded.manifest().digest(),
            check.pull(registry.host() + "/examples/base:copy").manifest().digest(),
            "the tag it pushed names the base image");
      }
    }
  }

  @Test
  void withoutArgumentsItSaysHowToCallIt() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertEquals(2, HoistExample.run(new String[0], new PrintStream(printed, true,
        StandardCharsets.UTF_8)));
    assertEquals("usage: HoistExample REGISTRY BASE_IMAGE [HOIST_HOME]\n",
        printed.toString(StandardCharsets.UTF_8));
  }
}
