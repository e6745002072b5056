package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist images} over a manifest list reads the list's blob once per line: counted with
 * the JVM's own file-read events (JFR's {@code jdk.FileRead}) against one plain read of it.
 */
class ImageListReadsTest {
  @TempDir Path dir;

  @Test
  void listAndInspectReadAnIndexBlobOnce() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor image = home.importBusybox("app:1", "one");
    ImageService images = home.hoist.images();
    ContentStore blobs = images.store().blobs();
    Platform other = Platform.parse("linux/s390x").equals(Platform.host())
        ? Platform.parse("linux/ppc64le") : Platform.parse("linux/s390x");
    byte[] indexBytes = CanonicalJson.write(ImageIndex.of(MediaTypes.OCI_INDEX, List.of(
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 1)
            .withPlatform(other), // not in the store
        image.withPlatform(Platform.host()))));
    Digest indexDigest = blobs.put(indexBytes);
    images.store().tag(ImageName.parse("multi:1"),
        Descriptor.ofContent(MediaTypes.OCI_INDEX, indexBytes));
    Path indexFile = blobs.path(indexDigest);

    int oneRead = readsOf(indexFile, () -> blobs.read(indexDigest));
    assertTrue(oneRead > 0, "no file-read events for a plain read of the index");

    List<ImageSummary>[] listed = new List[1];
    assertEquals(oneRead, readsOf(indexFile, () -> listed[0] = images.list()),
        "images list read the index more than once");
    ImageSummary multi = listed[0].stream().filter(s -> s.repository().equals("multi"))
        .findFirst().orElseThrow();
    assertEquals(images.imageId(image), multi.id());
    assertEquals(List.of(other.toString(), Platform.host().toString()), multi.platforms());
    assertEquals(oneRead, readsOf(indexFile, () -> images.dockerInspect("multi:1")),
        "image inspect read the index more than once");
    assertEquals(oneRead, readsOf(indexFile, images::ids), "ids read the index more than once");
  }

  private interface Call {
    void run() throws Exception;
  }

  /** The JVM's file-read events on {@code file} while {@code call} runs. */
  private int readsOf(Path file, Call call) throws Exception {
    Path dump = dir.resolve("reads.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.FileRead").withThreshold(Duration.ZERO).withoutStackTrace();
      recording.start();
      call.run();
      recording.stop();
      recording.dump(dump);
    }
    int reads = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
      if (file.toString().equals(event.getString("path"))) {
        reads++;
      }
    }
    return reads;
  }
}
