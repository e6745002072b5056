package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push}, {@code copy}, {@code pull} and {@code ls-tags} as service calls: a store's image
 * written to the real registry process, copied there to another repository, pulled into
 * another store; the registry's tags listed.
 */
class ImageServiceRegistryTest {
  @TempDir Path dir;

  /** The outcomes of the blobs a write reported. */
  static final class Outcomes implements TransferListener {
    final List<String> finished = new CopyOnWriteArrayList<>();

    @Override
    public void finished(Descriptor blob, String outcome) {
      finished.add(outcome);
    }
  }

  @Test
  void pushCopyAndPullMoveOneImageThroughTheRegistryAndLsTagsListsTheTags() throws Exception {
    ServiceHome.assumeBusybox();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ServiceHome source = new ServiceHome(dir.resolve("source"), Map.of(), MonitorCommand.NONE);
      Descriptor local = source.importBusybox("app:1", "pushed");
      String pushedName = registry.host() + "/team/app:1";
      ImageService images = source.hoist.images();

      Outcomes pushed = new Outcomes();
      TransferResult push = images.push("app:1", pushedName, RegistryOverrides.NONE, pushed);
      assertEquals(ImageName.parse(pushedName), push.reference());
      assertEquals(local.digest(), push.root().digest());
      assertEquals(List.of("Pushed", "Pushed"), pushed.finished); // config and the one layer

      Outcomes copied = new Outcomes();
      TransferResult copy = images.copy(ImageName.parse(pushedName),
          ImageName.parse(registry.host() + "/team/copy:2"), RegistryOverrides.NONE, copied);
      assertEquals(local.digest(), copy.root().digest());
      assertEquals(List.of(), images.store().list().stream()
          .filter(t -> t.name().repository().equals("team/copy")).toList(), "nothing stored");

      ServiceHome other = new ServiceHome(dir.resolve("other"), Map.of(), MonitorCommand.NONE);
      TransferResult pull = other.hoist.images().pull(ImageName.parse(registry.host()
          + "/team/copy:2"), Platform.host(), RegistryOverrides.NONE, TransferListener.NONE);
      assertEquals(local.digest(), pull.image().digest());
      assertEquals(Optional.of(local.digest()), other.hoist.images().store()
          .get(ImageName.parse(registry.host() + "/team/copy:2")).map(Descriptor::digest));

      assertEquals(List.of("2"), other.hoist.registries().tags(
          ImageName.parse(registry.host() + "/team/copy"), RegistryOverrides.NONE));
    }
  }

  @Test
  void pushByIdWithoutATargetIsRefusedNamingWhatToGive() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor image = home.importBusybox("app:1", "by-id");
    String id = home.hoist.images().imageId(image).substring(7, 19);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> home.hoist.images().push(id, null, RegistryOverrides.NONE, TransferListener.NONE));
    assertEquals("name the target when pushing an image by ID: hoist push ID "
        + "REGISTRY/REPO:TAG", e.getMessage());
  }
}
