package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.runtime.MonitorCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist info} and {@code hoist system check} as service calls, on a real store. */
class SystemServiceInfoTest {
  @TempDir Path dir;

  @Test
  void infoCountsDanglingImagesAsImagesAndTagsApart() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("app:1", "tagged");
    home.hoist.images().tag("app:1", "app:2");
    home.importBusybox(null, "dangling");

    SystemService.Info info = home.hoist.system().info();
    assertEquals(2, info.images(), "one tagged twice, one dangling");
    assertEquals(2, info.tags());
    assertEquals(new SystemService.ContainerCounts(0, 0, 0, 0), info.containers());
    assertEquals(home.hoist.context().home().root(), info.store());
    assertEquals(home.hoist.images().store().blobs().list().size(), info.usage().blobs());
    assertTrue(info.cpus() > 0);
  }

  @Test
  void checkTellsEachBlobWhoseBytesNoLongerMatchItsDigestAsItFindsIt() throws Exception {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor image = home.importBusybox("app:1", "checked");
    ContentStore blobs = home.hoist.images().store().blobs();
    List<SystemService.Mismatch> told = new ArrayList<>();

    SystemService.CheckReport clean = home.hoist.system().check(told::add);
    assertEquals(List.of(), clean.mismatches());
    assertEquals(blobs.list().size(), clean.blobs());

    Digest manifest = image.digest();
    Path file = blobs.path(manifest);
    file.toFile().setWritable(true);
    Files.writeString(file, "{\"tampered\":true}");
    SystemService.CheckReport bad = home.hoist.system().check(told::add);
    assertEquals(List.of(new SystemService.Mismatch(manifest, file)), bad.mismatches());
    assertEquals(bad.mismatches(), told);
    assertEquals(clean.blobs(), bad.blobs());
  }
}
