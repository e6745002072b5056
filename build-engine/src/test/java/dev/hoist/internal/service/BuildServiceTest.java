package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.build.BuildProgress;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.internal.cache.snapshot.LayerRecipes;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds through the build service, on a real store, RUN steps in real containers. */
class BuildServiceTest {
  @TempDir Path dir;

  /**
   * {@code HOIST_KEEP_LAYER_BLOBS} is read from the context's environment (this process's does
   * not set it), and decides whether a RUN step's layer keeps its blob or becomes a recipe.
   */
  @Test
  void keepLayerBlobsComesFromTheContextsEnvironment() throws Exception {
    ServiceHome.assumeContainers();
    assertEquals(null, System.getenv(LayerRecipes.KEEP_BLOBS_VARIABLE),
        "the test needs a process without " + LayerRecipes.KEEP_BLOBS_VARIABLE);
    for (boolean keep : List.of(true, false)) {
      ServiceHome home = new ServiceHome(dir.resolve("keep-" + keep),
          keep ? Map.of(LayerRecipes.KEEP_BLOBS_VARIABLE, "1") : Map.of(), MonitorCommand.NONE);
      home.importBusybox("base:1", "base");
      Path context = Files.createDirectories(home.dir.resolve("context"));
      Files.writeString(context.resolve("Dockerfile"),
          "FROM base:1\nRUN echo built > /built.txt\n");
      BuildResult result;
      try (BuildService.Session session = home.hoist.builds().open(RegistryOverrides.NONE,
          false)) {
        result = session.build(BuildRequest.builder(context).tag("built:1").build(),
            BuildProgress.silent());
      }
      HoistHome store = home.hoist.context().home();
      List<Descriptor> layers = new ImageReader(home.hoist.images().store().blobs())
          .manifest(result.manifest().digest()).layers();
      Descriptor run = layers.get(layers.size() - 1);
      Path blob = home.hoist.images().store().blobs().path(run.digest());
      Path recipe = new LayerRecipes(store).path(run.digest());
      assertEquals(keep, Files.isRegularFile(blob), "blob kept: " + keep);
      assertEquals(!keep, Files.isRegularFile(recipe), "recipe written: " + !keep);
      assertTrue(home.hoist.images().store().blobs().verify(run.digest()));
    }
  }
}
