package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI round trip through the commands: {@code hoist build --push} on one machine (home), then
 * {@code hoist run} of the pushed name on another, which pulls it and runs what the RUN step
 * made (root, busybox-static and docker-registry; skipped otherwise).
 */
class BuildPushRunTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result hoist(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void anImageBuiltAndPushedHereIsPulledAndRunThere() throws Exception {
    BusyboxImage.assumeUsable();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      Path builder = dir.resolve("builder");
      System.setProperty("hoist.home", builder.toString());
      BusyboxImage.create(new HoistHome(builder), dir, "busybox:test",
          ContainerConfig.builder().cmd(List.of("sh")).build());
      Path context = Files.createDirectories(dir.resolve("context"));
      Files.writeString(context.resolve("name.txt"), "world\n");
      Files.writeString(context.resolve("Dockerfile"), """
          FROM busybox:test
          COPY name.txt /etc/name.txt
          RUN echo "hello $(cat /etc/name.txt) from a RUN step" > /greeting.txt
          CMD ["cat", "/greeting.txt"]
          """);
      String tag = registry.host() + "/ci/app:1";
      Result built = hoist("build", "--progress", "plain", "-t", tag, "--push",
          context.toString());
      assertEquals(0, built.code(), built.err());
      assertTrue(built.err().contains("push " + tag + ": digest: sha256:"), built.err());

      System.setProperty("hoist.home", dir.resolve("runner").toString());
      Result ran = hoist("run", "--rm", tag);
      assertEquals(0, ran.code(), ran.out() + ran.err());
      assertEquals("hello world from a RUN step\n", ran.out(), ran.err());
    }
  }
}
