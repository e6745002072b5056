package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveLoader;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.runtime.MonitorCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code save}, {@code load}, {@code images} and {@code image inspect} as service calls, on real
 * stores: an image saved in each format and loaded into another store is the same image there.
 */
class ImageServiceArchiveTest {
  @TempDir Path dir;

  @Test
  void anImageSavedInEitherFormatLoadsIntoAnotherStoreAsTheSameImage() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome source = new ServiceHome(dir.resolve("source"), Map.of(), MonitorCommand.NONE);
    Descriptor image = source.importBusybox("app:1", "saved");
    String id = source.hoist.images().imageId(image);
    for (ArchiveFormat format : ArchiveFormat.values()) {
      ByteArrayOutputStream archive = new ByteArrayOutputStream();
      source.hoist.images().save(List.of("app:1"), format, Platform.host(),
          body -> body.writeTo(archive));

      ServiceHome target = new ServiceHome(dir.resolve("target-" + format), Map.of(),
          MonitorCommand.NONE);
      ArchiveLoader.Loaded loaded = target.hoist.images().load(
          new ByteArrayInputStream(archive.toByteArray()));
      assertEquals(List.of(ImageName.parse("app:1")), loaded.tags(), format.toString());
      ImageDetails inspected = target.hoist.images().inspect("app:1");
      assertEquals(id, inspected.image().id(), format.toString());
      assertEquals(List.of("app:1"), inspected.repoTags(), format.toString());
    }
  }

  @Test
  void aSaveOfAnImageTheStoreLacksWritesNothing() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("app:1", "present");
    boolean[] written = {false};
    NotFoundException e = assertThrows(NotFoundException.class, () -> home.hoist.images()
        .save(List.of("app:1", "absent:1"), ArchiveFormat.OCI, Platform.host(),
            body -> written[0] = true));
    assertEquals("no such image: absent:1 (hoist images lists the local ones)", e.getMessage());
    assertFalse(written[0], "the output was opened although an image was missing");
  }

  @Test
  void listShowsEachTagThenEachUntaggedImageAndIdsEachImageOnce() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor tagged = home.importBusybox("app:1", "tagged");
    home.hoist.images().tag("app:1", "example.com/team/app:2");
    Descriptor dangling = home.importBusybox(null, "dangling");
    ImageService images = home.hoist.images();
    String taggedId = images.imageId(tagged);
    String danglingId = images.imageId(dangling);

    List<ImageSummary> list = images.list();
    assertEquals(List.of("app 1 " + taggedId, "example.com/team/app 2 " + taggedId,
        "<none> <none> " + danglingId), list.stream()
            .map(s -> s.repository() + " " + s.tag() + " " + s.id()).toList());
    assertNotNull(list.get(0).created());
    assertEquals(List.of(taggedId, danglingId), images.ids());
    assertEquals(List.of("app:1", "example.com/team/app:2"),
        images.inspect(taggedId.substring(7, 19)).repoTags());
  }
}
