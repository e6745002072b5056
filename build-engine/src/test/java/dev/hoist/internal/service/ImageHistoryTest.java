package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist history}: an image's steps as {@link ImageService#history} gives them. */
class ImageHistoryTest {
  @TempDir Path dir;

  @Test
  void theHistoryOfABuiltImageIsItsDockerfilesStepsNewestFirstWithTheLayersSizes()
      throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("base:1", "base");
    Path context = Files.createDirectories(home.dir.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"), "FROM base:1\nENV A=1\n"
        + "RUN echo built > /built.txt\nLABEL k=v\nCMD [\"sh\"]\n");
    BuildResult result;
    try (BuildService.Session session = home.hoist.builds().open(RegistryOverrides.NONE,
        false)) {
      result = session.build(BuildRequest.builder(context).tag("built:1").build(),
          BuildProgress.silent());
    }
    List<Descriptor> layers = new ImageReader(home.hoist.images().store().blobs())
        .manifest(result.manifest().digest()).layers();
    List<ImageHistory.Item> history = home.hoist.images().history("built:1");
    assertEquals(5, history.size(), history.toString());
    assertEquals(List.of("CMD [\"sh\"]", "LABEL k=v", "RUN", "ENV A=1", "hoist import"),
        history.stream().map(i -> i.createdBy().startsWith("RUN") ? "RUN" : i.createdBy())
            .toList());
    assertTrue(history.get(2).createdBy().contains("echo built > /built.txt"));
    assertEquals(home.hoist.images().imageId(result.manifest()), history.get(0).id());
    assertEquals(List.of("built:1"), history.get(0).tags());
    for (int i = 1; i < history.size(); i++) {
      assertEquals(ImageHistory.MISSING, history.get(i).id());
      assertEquals(List.of(), history.get(i).tags());
    }
    assertEquals(List.of(0L, 0L, layers.get(1).size(), 0L, layers.get(0).size()),
        history.stream().map(ImageHistory.Item::size).toList());
    assertTrue(history.get(0).created() > 0);
  }

  @Test
  void layersAConfigsHistoryDoesNotNameAreRowsOfTheirOwnAtTheBottom() {
    Descriptor l0 = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {0}), 10);
    Descriptor l1 = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {1}), 20);
    ImageConfig config = ImageConfig.of(Platform.host()).withCreated("2024-01-01T00:00:00Z")
        .withHistory(List.of(History.layer("2024-01-02T00:00:00Z", "top step"),
            History.emptyLayer("2024-01-03T00:00:00Z", "CMD x")));
    List<ImageHistory.Item> rows = ImageHistory.of("sha256:abc", config, List.of(l0, l1),
        List.of("t:1"));
    assertEquals(List.of("CMD x", "top step", ""),
        rows.stream().map(ImageHistory.Item::createdBy).toList());
    assertEquals(List.of(0L, 20L, 10L), rows.stream().map(ImageHistory.Item::size).toList());
    assertEquals(List.of("sha256:abc", ImageHistory.MISSING, ImageHistory.MISSING),
        rows.stream().map(ImageHistory.Item::id).toList());
    assertEquals(1704240000L, rows.get(0).created()); // 2024-01-03T00:00:00Z
  }

  @Test
  void theHistoryOfAnImageTheStoreLacksIsNotFound() throws Exception {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    assertThrows(NotFoundException.class, () -> home.hoist.images().history("absent:1"));
  }
}
