package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FaultProxy;
import dev.hoist.fixtures.Privileges;
import dev.hoist.fixtures.RegistryProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull into a store on a full file system says so, once, instead of "the connection broke". */
class FullDiskTest {
  @TempDir Path tmp;

  @Test
  void pullIntoAFullStoreReportsNoSpaceLeftAndIsNotRetried() throws Exception {
    Assumptions.assumeTrue(Privileges.isRoot(), "needs root to mount a 1 MiB tmpfs as the store");
    ExternalTools.assumeRegistry();
    Path small = Files.createDirectories(tmp.resolve("small"));
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
    try (RegistryProcess registry = RegistryProcess.start();
         FaultProxy proxy = FaultProxy.start(registry.host())) {
      ImageStore source = TestImages.store(tmp.resolve("source"));
      String ref = proxy.host() + "/full/app:1";
      Descriptor image = TestImages.image(source, ref, 1, 3_000_000, 21);
      RegistryOptions options = RegistryOptions.defaults().withRetries(5, Duration.ofMillis(20));
      TestImages.push(source, ref, options);
      Descriptor layer = new ImageReader(source.blobs()).manifest(image.digest()).layers().get(0);

      ImageStore full = TestImages.store(small.resolve("home"));
      proxy.resetCounters();
      RegistryOptions oneAtATime = options.withParallelism(1); // the config first, then the layer that fills the disk
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> assertThrows(IOException.class, () -> TestImages.pull(full, ref, oneAtATime)));
      assertTrue(e.getMessage().startsWith("no space left on device in " + full.blobs().root()), e.getMessage());
      assertTrue(e.getMessage().contains("blob " + layer.digest() + " (" + layer.size() + " bytes) from "
          + proxy.host() + "/full/app"), e.getMessage());
      assertFalse(e.getMessage().contains("connection"), e.getMessage());
      assertEquals(1, proxy.countRequests("GET", "/blobs/" + layer.digest()), "not retried: " + proxy.requests());
      assertFalse(full.blobs().contains(layer.digest()));
      try (var files = Files.list(full.blobs().root().resolve("sha256"))) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file left");
      }
    } finally {
      run("umount", small.toString());
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
