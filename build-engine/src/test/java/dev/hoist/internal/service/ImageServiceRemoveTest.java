package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist rmi} as one service call, on a real store. */
class ImageServiceRemoveTest {
  @TempDir Path dir;

  @Test
  void aRefusedReferenceDoesNotStopTheOthersAndGarbageIsCollectedOnceAfterThem()
      throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor gone = home.importBusybox("gone:1", "gone");
    home.importBusybox("kept:1", "kept");
    ImageService images = home.hoist.images();

    ImageService.Removals removals = images.remove(List.of("absent:1", "gone:1"), false);
    assertFalse(removals.allRemoved());
    assertEquals(List.of("absent:1", "gone:1"), removals.outcomes().stream()
        .map(ImageService.Outcome::reference).toList());
    assertEquals(Optional.of("no such image: absent:1 (hoist images lists the local ones)"),
        removals.outcomes().get(0).refused());
    assertEquals(List.of("gone:1"),
        removals.outcomes().get(1).removal().orElseThrow().untagged());
    assertTrue(removals.garbage().blobs() > 0, "the removed image's blobs were collected");
    assertFalse(images.store().blobs().contains(gone.digest()));
    assertTrue(images.store().resolve("kept:1").isPresent());
  }
}
