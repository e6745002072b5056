package dev.hoist.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.MonitorCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image service on a real store, pulling from the real registry process. */
class ImageServiceTest {
  @TempDir Path dir;

  /** What a resolve told its listener, in order. */
  static final class Told implements PullListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void notFoundLocally(String reference) {
      events.add("not found " + reference);
    }

    @Override
    public void pulling(String reference, String registry) {
      events.add("pulling " + reference + " from " + registry);
    }

    @Override
    public void pulled(String reference, TransferResult result) {
      events.add("pulled " + reference);
    }
  }

  @Test
  void pullNeverRefusesAnImageTheStoreLacksWithoutReachingARegistry() {
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Told told = new Told();
    // port 1: nothing listens, a pull attempt would fail otherwise than NotFoundException
    NotFoundException e = assertThrows(NotFoundException.class, () -> home.hoist.images()
        .resolve("127.0.0.1:1/absent:1", PullPolicy.NEVER, RegistryOverrides.NONE, told));
    assertEquals("image not found locally: 127.0.0.1:1/absent:1 (--pull=never)", e.getMessage());
    assertEquals(List.of(), told.events);
  }

  @Test
  void pullMissingPullsOnlyWhatTheStoreLacksAndAlwaysPullsAgain() throws Exception {
    ServiceHome.assumeBusybox();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ServiceHome source = new ServiceHome(dir.resolve("source"), Map.of(), MonitorCommand.NONE);
      Descriptor pushed = source.importBusybox("app:1", "pushed");
      String remote = registry.host() + "/team/app:1";
      try (ImageTransfers t = new ImageTransfers(source.hoist.images().store(),
          RegistryOptions.defaults())) {
        t.push("app:1", ImageName.parse(remote), TransferListener.NONE);
      }
      ServiceHome home = new ServiceHome(dir.resolve("home"), Map.of(), MonitorCommand.NONE);

      Told first = new Told();
      Descriptor pulled = home.hoist.images().resolve(remote, PullPolicy.MISSING,
          RegistryOverrides.NONE, first);
      assertEquals(pushed.digest(), pulled.digest());
      assertEquals(List.of("not found " + remote,
          "pulling " + remote + " from " + registry.host(), "pulled " + remote), first.events);

      Told second = new Told();
      assertEquals(pushed.digest(), home.hoist.images().resolve(remote, PullPolicy.MISSING,
          RegistryOverrides.NONE, second).digest());
      assertEquals(List.of(), second.events, "a local image is not pulled again");

      Told always = new Told();
      home.hoist.images().resolve(remote, PullPolicy.ALWAYS, RegistryOverrides.NONE, always);
      assertEquals(List.of("pulling " + remote + " from " + registry.host(),
          "pulled " + remote), always.events);
    }
  }

  @Test
  void importDatesTheImageBySourceDateEpochOfTheContextNotOfTheProcess() throws IOException {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of("SOURCE_DATE_EPOCH", "1700000000"),
        MonitorCommand.NONE);
    Descriptor d = home.importBusybox("dated:1", "dated");
    LocalImage image = new ImageReader(home.hoist.images().store().blobs())
        .image(d, Platform.host());
    assertEquals("2023-11-14T22:13:20Z", image.config().created());
  }

  @Test
  void aBadSourceDateEpochInTheContextIsOneClearError() {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of("SOURCE_DATE_EPOCH", "yesterday"),
        MonitorCommand.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> home.importBusybox("dated:1", "dated"));
    assertTrue(e.getMessage().startsWith("SOURCE_DATE_EPOCH is not a number of seconds"),
        e.getMessage());
  }

  @Test
  void tagPointsANewNameAtTheImageAndAnUnknownSourceIsNotFound() throws IOException {
    ServiceHome.assumeBusybox();
    ServiceHome home = new ServiceHome(dir, Map.of(), MonitorCommand.NONE);
    Descriptor image = home.importBusybox("app:1", "app");
    home.hoist.images().tag("app:1", "app:stable");
    assertEquals(image.digest(), home.hoist.images().require("app:stable").digest());
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> home.hoist.images().tag("absent:1", "app:2"));
    assertEquals("no such image: absent:1 (hoist images lists the local ones)", e.getMessage());
  }

  @Test
  void pushSendsTheLocalImageToItsRegistryAnUnknownOneIsNotFoundAndAnIdNeedsATarget() throws Exception {
    ServiceHome.assumeBusybox();
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ServiceHome source = new ServiceHome(dir.resolve("source"), Map.of(), MonitorCommand.NONE);
      Descriptor local = source.importBusybox("app:1", "pushed");
      String remote = registry.host() + "/team/app:2";
      TransferResult pushed = source.hoist.images().push("app:1", remote,
          RegistryOverrides.NONE, TransferListener.NONE);
      assertEquals(local.digest(), pushed.root().digest());

      ServiceHome home = new ServiceHome(dir.resolve("home"), Map.of(), MonitorCommand.NONE);
      assertEquals(local.digest(), home.hoist.images().pull(ImageName.parse(remote),
          home.hoist.images().registryOptions(RegistryOverrides.NONE), TransferListener.NONE)
          .image().digest());
      dev.hoist.internal.registry.RegistryException e = assertThrows(
          dev.hoist.internal.registry.RegistryException.class, () -> source.hoist.images().push("absent:1",
              remote, RegistryOverrides.NONE, TransferListener.NONE));
      assertEquals(dev.hoist.internal.registry.RegistryException.Kind.NOT_FOUND, e.kind());
      IllegalArgumentException byId = assertThrows(IllegalArgumentException.class,
          () -> source.hoist.images().push(local.digest().toString(), null,
              RegistryOverrides.NONE, TransferListener.NONE));
      assertTrue(byId.getMessage().startsWith("name the target when pushing an image by ID"),
          byId.getMessage());
    }
  }
}
