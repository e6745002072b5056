package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.FaultProxy;
import dev.hoist.fixtures.RegistryProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single protocol operations against the real registry: tags, HEAD, DELETE, referrers. */
class ProtocolTest {
  @TempDir Path tmp;

  @Test
  void tagsAreListed() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start(); FaultProxy proxy = FaultProxy.start(registry.host())) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      Descriptor image = TestImages.image(store, proxy.host() + "/paged/app:a", 1, 1000, 1);
      List<String> tags = List.of("a", "b", "c", "d", "e");
      for (String tag : tags) {
        store.tag(ImageName.parse(proxy.host() + "/paged/app:" + tag), image);
      }
      try (ImageTransfers t = new ImageTransfers(store, RegistryOptions.defaults())) {
        for (String tag : tags) {
          t.push(proxy.host() + "/paged/app:" + tag, ImageName.parse(proxy.host() + "/paged/app:" + tag),
              TransferListener.NONE);
        }
        proxy.resetCounters();
        RegistryClient client = t.client(proxy.host());
        // distribution 2.8 pages only the catalog, not tags: n is ignored and no Link is sent, so
        // the paging itself is covered by ParsingTest.nextLinkOfPaginatedAnswers
        assertEquals(tags, client.listTags("paged/app", 2).stream().sorted().toList());
        assertEquals(tags, client.listTags("paged/app").stream().sorted().toList());
        assertEquals(2, proxy.countRequests("GET", "/tags/list"), proxy.requests().toString());
      }
    }
  }

  @Test
  void headDeleteAndReferrers() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      ImageStore store = TestImages.store(tmp.resolve("home"));
      String ref = registry.host() + "/ops/app:1";
      Descriptor image = TestImages.image(store, ref, 1, 1000, 2);
      try (ImageTransfers t = new ImageTransfers(store, RegistryOptions.defaults())) {
        t.push(ref, ImageName.parse(ref), TransferListener.NONE);
        RegistryClient client = t.client(registry.host());
        Descriptor head = client.headManifest("ops/app", "1").orElseThrow();
        assertEquals(image.digest(), head.digest());
        assertEquals(image.size(), head.size());
        FetchedManifest byDigest = client.getManifest("ops/app", image.digest().toString());
        assertArrayEquals(store.blobs().read(image.digest()), byDigest.bytes());
        // distribution 2.8 has no referrers API: the client says so with an empty answer
        assertTrue(client.referrers("ops/app", image.digest()).isEmpty());
        client.deleteManifest("ops/app", image.digest());
        assertFalse(client.headManifest("ops/app", "1").isPresent());
        RegistryException gone = assertThrows(RegistryException.class, () -> client.getManifest("ops/app", "1"));
        assertEquals(RegistryException.Kind.NOT_FOUND, gone.kind());
      }
    }
  }
}
