package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.MonitorCommand;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.net.NetworkStore;
import dev.hoist.internal.runtime.net.UserNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune rules and disk usage, and volume removal, on a real store with real containers. */
class SystemServiceTest {
  @TempDir Path dir;

  @Test
  void imagePruneRemovesDanglingImagesButKeepsOneAContainerWasCreatedFrom() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor used = home.importBusybox(null, "used");
    Descriptor unused = home.importBusybox(null, "unused");
    home.importBusybox("tagged:1", "tagged");
    String usedId = home.hoist.images().imageId(used);
    String unusedId = home.hoist.images().imageId(unused);
    home.hoist.containers().create(ServiceHome.run(usedId, List.of(), "true"),
        PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);

    SystemService.DiskUsage before = home.hoist.system().diskUsage();
    assertEquals(3, before.images().total());
    assertEquals(2, before.images().active(), "the unused dangling image is reclaimable");
    assertEquals(1, before.snapshots().total(), "the container's image was unpacked");

    ImageService.ImagePruneReport report = home.hoist.images().prune(false);
    assertEquals(List.of(unusedId), report.images().deleted());
    assertEquals(List.of(), report.images().untagged());
    assertTrue(report.garbage().blobs() > 0, "the unused image's blobs went");
    assertEquals(List.of(used.digest()), home.hoist.images().store().untagged().stream()
        .map(Descriptor::digest).toList());
  }

  @Test
  void aVolumeAContainerUsesCannotBeRemoved() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    home.hoist.volumes().create("data");
    ContainerState c = home.hoist.containers().create(ServiceHome.run("box:1", List.of(),
        List.of(MountRequest.parseVolume("data:/data")), "true"), PullPolicy.NEVER,
        RegistryOverrides.NONE, PullListener.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> home.hoist.volumes().remove("data", false));
    assertEquals("remove data: volume is in use - [" + c.shortId() + "]", e.getMessage());
    home.hoist.containers().remove(c.id(), false, false);
    assertTrue(home.hoist.volumes().remove("data", false));
    assertThrows(NotFoundException.class, () -> home.hoist.volumes().remove("data", false));
  }

  @Test
  void pruneRemovesUserNetworksNoContainerIsConnectedTo() throws Exception {
    ServiceHome.assumeContainers();
    ExternalTools.assumeAvailable("ip");
    ExternalTools.assumeAvailable("iptables");
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    home.importBusybox("box:1", "box");
    NetworkService networks = home.hoist.networks();
    networks.create(new NetworkStore.Request("prune-unused", null, null, true, Map.of(), null));
    networks.create(new NetworkStore.Request("prune-used", null, null, true, Map.of(), null));
    ContainerState c;
    try (NetworkService.Selection selected = networks.select(List.of("prune-used"), List.of(),
        null)) {
      c = home.hoist.containers().create(ServiceHome.run("box:1", List.of(), "true"),
          PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
      networks.join(c, selected);
    }
    try {
      // system prune's network part (system prune itself removes the stopped container first)
      assertEquals(List.of("prune-unused"), networks.prune());
      assertEquals(List.of("prune-used"), networks.list().stream().map(UserNetwork::name)
          .toList(), "a network a (created, stopped) container is connected to stays");
    } finally {
      home.hoist.containers().remove(c.id(), false, false);
      networks.prune();
    }
    assertEquals(List.of(), networks.list());
  }

  @Test
  void systemPruneRemovesStoppedContainersFirstThenTheImagesOnlyTheyUsed() throws Exception {
    ServiceHome.assumeContainers();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor used = home.importBusybox(null, "used");
    String usedId = home.hoist.images().imageId(used);
    ContainerState c = home.hoist.containers().create(ServiceHome.run(usedId, List.of(), "true"),
        PullPolicy.NEVER, RegistryOverrides.NONE, PullListener.NONE);
    home.hoist.volumes().create("named");

    SystemService.PruneReport report = home.hoist.system().prune(false, true);
    assertEquals(List.of(c.id()), report.containers().removed());
    assertEquals(List.of(usedId), report.deletedImages(), "no container uses it any more");
    assertEquals(List.of(), report.volumes().removed(), "named volumes stay");
    assertEquals(List.of(), home.hoist.containers().list());
    assertEquals(List.of(), home.hoist.images().store().untagged());
    assertEquals(1, home.hoist.volumes().list().size());
  }
}
