package dev.hoist.internal.build;

import dev.hoist.internal.service.RegistryBaseImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds against the real registry ({@code docker-registry}): base images pulled (and pulled
 * again with {@code --pull}), {@code --push}ed images read by skopeo, umoci and runc and by
 * hoist's runtime, the remote cache reused on an empty store, and errors as one line.
 */
class RegistryBuildTest {
  @TempDir Path tmp;

  private RegistryProcess registry;
  private final List<ImageTransfers> transfers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    BuildFixture.assumeUsable();
    ExternalTools.assumeRegistry();
    registry = RegistryProcess.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (ImageTransfers t : transfers) {
      t.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** A fixture whose base images come from its store or the registry. */
  private BuildFixture fixture(String name, boolean alwaysPull, RegistryOptions options)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return new BuildFixture(dir, "home", store -> {
      ImageTransfers t = new ImageTransfers(store, options);
      transfers.add(t);
      return new RegistryBaseImages(store, t, alwaysPull);
    });
  }

  private BuildFixture fixture(String name, boolean alwaysPull) throws Exception {
    return fixture(name, alwaysPull, RegistryOptions.defaults());
  }

  private String ref(String repoTag) {
    return registry.host() + "/" + repoTag;
  }

  /** Builds busybox plus {@code /marker.txt} in a producer store and pushes it as {@code tag}. */
  private BuildResult publishBase(String tag, String marker) throws Exception {
    BuildFixture producer = fixture("producer-" + marker, false).withBusybox();
    producer.file("marker.txt", marker);
    producer.dockerfile("FROM hoist-test/busybox\nCOPY marker.txt /\n");
    BuildFixture.Built b = producer.build(o -> o.tag(tag).push(true));
    assertEquals(b.result().manifest().digest(), b.result().pushed().get(tag));
    assertTrue(b.progress().notes.stream().anyMatch(n -> n.contains("push " + tag + ": digest: "
        + b.result().manifest().digest())), b.progress().notes.toString());
    return b.result();
  }

  @Test
  void fromAnImageOnlyOnTheRegistryIsPulledAndBuiltOn() throws Exception {
    String base = ref("base/busybox:1");
    BuildResult published = publishBase(base, "one");
    BuildFixture f = fixture("consumer", false);
    f.dockerfile("FROM " + base + "\nRUN cat /marker.txt > /copy.txt && echo ran\n");
    BuildFixture.Built b = f.build();
    assertEquals("one", f.read(b.result(), "copy.txt"));
    assertEquals(published.manifest().digest(),
        f.store.get(ImageName.parse(base)).orElseThrow().digest(), "the base is tagged locally");
    assertTrue(b.progress().notes.stream().anyMatch(n -> n.startsWith("pull " + base + ": ")
        && n.endsWith("Pull complete")), b.progress().notes.toString());
  }

  @Test
  void pullChecksTheRegistryAgainForAChangedTag() throws Exception {
    String base = ref("base/changing:1");
    publishBase(base, "old");
    BuildFixture f = fixture("consumer", false);
    f.dockerfile("FROM " + base + "\nRUN cp /marker.txt /seen.txt\n");
    assertEquals("old", f.read(f.build().result(), "seen.txt"));

    publishBase(base, "new");
    BuildFixture.Built local = f.build();
    assertEquals("old", f.read(local.result(), "seen.txt"), "without --pull the local base");
    assertTrue(local.progress().notes.isEmpty(), local.progress().notes.toString());

    BuildFixture pulling = new BuildFixture(f.work, "home", store -> {
      ImageTransfers t = new ImageTransfers(store, RegistryOptions.defaults());
      transfers.add(t);
      return new RegistryBaseImages(store, t, true);
    });
    BuildFixture.Built fresh = pulling.build();
    assertEquals("new", pulling.read(fresh.result(), "seen.txt"), "--pull fetched the new tag");
    assertFalse(fresh.progress().cached("RUN"), "a new base misses");
  }

  @Test
  void aPushedImageRunsUnderSkopeoUmociRuncAndHoist() throws Exception {
    for (String tool : new String[] {"skopeo", "umoci", "runc"}) {
      ExternalTools.assumeAvailable(tool);
    }
    BuildFixture f = fixture("producer", false).withBusybox();
    f.file("greeting.txt", "hello");
    f.dockerfile("""
        FROM hoist-test/busybox
        COPY greeting.txt /in.txt
        RUN cat /in.txt > /out.txt && echo " from a RUN" >> /out.txt && rm /etc/group
        CMD ["sh", "-c", "cat /out.txt && grep -qx 'hello from a RUN' /out.txt"]
        """);
    String tag = ref("app/interop:1");
    BuildResult r = f.build(b -> b.tag(tag).push(true)).result();
    assertEquals(r.manifest().digest(), r.pushed().get(tag));

    Path layout = tmp.resolve("layout");
    ExternalTools.output("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
        "docker://" + tag, "oci:" + layout + ":app");
    Path bundle = tmp.resolve("bundle");
    ExternalTools.output("umoci", "unpack", "--image", layout + ":app", bundle.toString());
    assertFalse(Files.exists(bundle.resolve("rootfs/etc/group")), "the whiteout applied");
    Path config = bundle.resolve("config.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec = (ObjectNode) json.readTree(config.toFile());
    ((ObjectNode) spec.get("process")).put("terminal", false);
    json.writeValue(config.toFile(), spec);
    assertEquals("hello from a RUN\n", ExternalTools.output("runc", "run", "--bundle",
        bundle.toString(), "hoist-registry-build-" + ProcessHandle.current().pid()));

    ImageStore other = new ImageStore(new HoistHome(tmp.resolve("runner")));
    other.initialise();
    try (ImageTransfers t = new ImageTransfers(other, RegistryOptions.defaults())) {
      TransferResult pulled = t.pull(ImageName.parse(tag), TransferListener.NONE);
      // (hoist run of a pushed build in another home: cli's BuildPushRunTest)
      assertEquals(r.manifest().digest(), pulled.image().digest());
    }
  }

  @Test
  void cacheFromOnAnEmptyStoreReusesThePushedCache() throws Exception {
    String base = ref("base/busybox:1");
    publishBase(base, "base");
    String dockerfile = "FROM " + base + " AS build\n"
        + "COPY src.txt /src.txt\n"
        + "RUN echo step-one-ran && cat /src.txt > /built.txt\n"
        + "RUN echo step-two-ran && rm /marker.txt\n"
        + "FROM " + base + "\n"
        + "COPY --from=build /built.txt /srv/\n"
        + "RUN echo step-three-ran && echo done >> /srv/built.txt\n";
    String cache = ref("cache/app:buildcache");
    String tag = ref("app/cached:1");
    BuildFixture first = fixture("ci-one", false);
    first.file("src.txt", "source\n");
    first.dockerfile(dockerfile);
    BuildFixture.Built a = first.build(b -> b.tag(tag).push(true).cacheTo(cache));
    assertTrue(a.progress().output.contains("step-one-ran"), a.progress().output.toString());
    assertTrue(a.progress().notes.stream().anyMatch(n -> n.startsWith("cache " + cache
        + ": 5 steps exported")), a.progress().notes.toString());
    // the final image's two layers are mounted from the pushed tag; the build stage's three
    // layers and the cache's config are uploaded
    assertEquals(2, cacheNotes(a, cache, "Mounted from app/cached"), a.progress().notes.toString());
    assertEquals(4, cacheNotes(a, cache, ": Pushed"), a.progress().notes.toString());

    BuildFixture second = fixture("ci-two", false);
    second.file("src.txt", "source\n");
    second.dockerfile(dockerfile);
    BuildFixture.Built b = second.build(o -> o.tag(tag).cacheFrom(cache));
    assertEquals(List.of(), b.progress().output, "no RUN step executed");
    for (String step : new String[] {"COPY src.txt", "RUN /bin/sh -c echo step-one-ran",
        "RUN /bin/sh -c echo step-two-ran", "COPY --from=build",
        "RUN /bin/sh -c echo step-three-ran"}) {
      assertTrue(b.progress().cached(step), step);
      assertEquals("from cache " + cache, b.progress().reason(step));
    }
    assertEquals(a.result().manifest().digest(), b.result().manifest().digest(),
        "the same image as the build that exported the cache");
    assertEquals("source\ndone\n", second.read(b.result(), "srv/built.txt"));

    second.file("src.txt", "changed\n");
    BuildFixture.Built c = second.build(o -> o.cacheFrom(cache));
    assertFalse(c.progress().cached("COPY src.txt"));
    assertTrue(c.progress().output.contains("step-one-ran"), "a changed source runs again");
    assertTrue(c.progress().output.contains("step-three-ran"));
    assertEquals("changed\ndone\n", second.read(c.result(), "srv/built.txt"));
  }

  private static long cacheNotes(BuildFixture.Built built, String cache, String ending) {
    return built.progress().notes.stream()
        .filter(n -> n.startsWith("cache " + cache + ": ") && n.endsWith(ending)).count();
  }

  @Test
  void anUnknownBaseImageIsOneClearError() throws Exception {
    BuildFixture f = fixture("consumer", false);
    String missing = ref("no/such:1");
    f.dockerfile("FROM " + missing + "\nRUN true\n");
    BuildException e = assertThrows(BuildException.class, f::build);
    assertTrue(e.getMessage().startsWith("base image " + missing
        + " is neither in the local store nor on its registry: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aDeniedPushIsOneClearError() throws Exception {
    try (RegistryProcess locked = RegistryProcess.startWithBasicAuth(Map.of("alice", "s3cret"))) {
      BuildFixture f = fixture("producer", false).withBusybox();
      f.dockerfile("FROM hoist-test/busybox\nLABEL a=b\n");
      String tag = locked.host() + "/team/app:1";
      BuildException e = assertThrows(BuildException.class,
          () -> f.build(b -> b.tag(tag).push(true)));
      assertTrue(e.getMessage().startsWith("push " + tag + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("authentication"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(f.store.get(ImageName.parse(tag)).isPresent(), "the build itself is kept");
    }
  }
}
