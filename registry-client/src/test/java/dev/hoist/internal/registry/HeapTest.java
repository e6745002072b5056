package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blobs are streamed: a 200 MB layer is pushed and pulled by JVMs with a 48 MB heap. */
class HeapTest {
  @TempDir Path tmp;

  /** {@code push|pull HOME REF}: one transfer in a child JVM; prints the digest. */
  public static void main(String[] args) throws IOException {
    ImageStore store = TestImages.store(Path.of(args[1]));
    TransferResult result = args[0].equals("push")
        ? TestImages.push(store, args[2], RegistryOptions.defaults())
        : TestImages.pull(store, args[2], RegistryOptions.defaults());
    System.out.println(result.root().digest());
  }

  private static String inSmallHeap(String... args) throws Exception {
    Process p = ChildJvm.start(List.of("-Xmx48m", "-XX:+UseSerialGC"), HeapTest.class, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "the child JVM failed: " + out);
    return out;
  }

  @Test
  void hugeLayerMovesThroughASmallHeap() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      Path source = tmp.resolve("source");
      String ref = registry.host() + "/heap/big:1";
      Descriptor image = TestImages.bigImage(TestImages.store(source), ref, 200_000_000L);
      assertEquals(image.digest().toString(), inSmallHeap("push", source.toString(), ref));
      Path target = tmp.resolve("target");
      assertEquals(image.digest().toString(), inSmallHeap("pull", target.toString(), ref));
      assertTrue(TestImages.store(target).blobs().verify(image.digest()));
    }
  }
}
