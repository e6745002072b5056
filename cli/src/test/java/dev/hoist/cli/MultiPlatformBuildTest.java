package dev.hoist.cli;

import static dev.hoist.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.ForeignBusybox;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.runtime.Emulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist build --platform linux/amd64,linux/arm64} through the commands: the arm64 base
 * made from Debian's {@code busybox-static:arm64} ({@link ForeignBusybox}), RUN steps of arm64
 * under QEMU (Debian's {@code qemu-user-static}, its handler registered when missing), the index
 * pushed to the test registry and read by skopeo, pulled and run per platform (root,
 * busybox-static, qemu-user-static, docker-registry and skopeo; skipped otherwise).
 */
class MultiPlatformBuildTest {
  private static final String BOTH = "linux/amd64,linux/arm64";

  @TempDir Path dir;

  private static CliRun hoist(String... args) {
    return CliRun.run(args);
  }


  @BeforeEach
  void needs() throws Exception {
    ForeignBases.assumeEmulation();
  }

  @AfterEach
  void tearDown() {
    CliHome.release();
  }

  private Path home(String name) {
    return CliHome.use(dir.resolve(name)).root();
  }

  /** bb:amd64, bb:arm64 and bb:arm (arm/v7): {@link ForeignBases}. */
  private void bases(Path home) throws IOException {
    ForeignBases.importInto(home, dir);
  }

  private Path context(String name, String dockerfile) throws IOException {
    Path context = Files.createDirectories(dir.resolve(name));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    return context;
  }

  private static String skopeo(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    return ExternalTools.output(command.toArray(String[]::new));
  }

  @Test
  void eachPlatformRunsOnItsCpuAndTheIndexIsPushedPulledAndReadBySkopeo() throws Exception {
    ExternalTools.assumeRegistry();
    assumeTrue(ExternalTools.available("skopeo"), "skopeo is not installed: skipped");
    try (RegistryProcess registry = RegistryProcess.start()) {
      // a multi-platform base on the registry, made by hoist from the two imported roots
      bases(home("maker"));
      String base = registry.host() + "/mp/busybox:1";
      ok("build", "--progress", "plain", "--platform", BOTH, "-t", base, "--push",
          context("base", "ARG TARGETARCH\nFROM bb:${TARGETARCH}\n").toString()).err();

      // another machine builds FROM that index: each platform's base pulled for it
      home("builder");
      String app = registry.host() + "/mp/app:1";
      Path appContext = context("app",
          "FROM " + base + "\nRUN uname -m > /arch\nCMD [\"cat\", \"/arch\"]\n");
      CliRun built = ok("build", "--progress", "plain", "--platform", BOTH, "-t", app, "--push",
          appContext.toString());
      assertTrue(built.err().contains("push " + app + ": digest: sha256:"), built.err());
      assertTrue(built.err().contains("pull " + base + " for linux/arm64"), built.err());
      // the platforms share one pull of the tag (then arm64's image is pulled for arm64)
      assertEquals(1, built.err().split(Pattern.quote("pull " + base + ": digest:"), -1).length
          - 1, built.err());
      String index = built.out().strip();
      assertTrue(index.startsWith("sha256:"), built.out());
      // a rebuild takes the arm64 base the first one pulled from the store: no registry asked
      CliRun again = ok("build", "--progress", "plain", "--platform", BOTH, "-t", app,
          appContext.toString());
      assertFalse(again.err().contains("pull " + base), again.err());
      assertEquals(index, again.out().strip());
      assertEquals("aarch64\n", ok("run", "--rm", "--platform", "linux/arm64", app).out());
      assertEquals("x86_64\n", ok("run", "--rm", "--platform", "linux/amd64", app).out());
      assertEquals("x86_64\n", ok("run", "--rm", app).out());

      String raw = skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + app);
      assertTrue(raw.contains("application/vnd.oci.image.index.v1+json"), raw);
      assertTrue(raw.contains("\"architecture\":\"arm64\""), raw);
      assertTrue(raw.contains("\"architecture\":\"amd64\""), raw);
      Path copied = dir.resolve("copied");
      skopeo("copy", "--all", "--src-tls-verify=false", "docker://" + app, "oci:" + copied + ":1");
      String layout = Files.readString(copied.resolve("index.json"));
      assertTrue(layout.contains(index), layout);

      // a third machine pulls the arm64 image alone
      home("puller");
      ok("pull", "--platform", "linux/arm64", app);
      assertEquals("aarch64\n", ok("run", "--rm", app).out());
    }
  }

  @Test
  void theCacheOfEveryPlatformIsExportedAndAFreshHomeRunsNoStepOfEither() throws Exception {
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start()) {
      Path context = context("cached",
          "ARG TARGETARCH\nFROM bb:${TARGETARCH}\nRUN uname -m > /arch\n");
      String cache = registry.host() + "/mp/cache:1";
      bases(home("exporter"));
      CliRun exported = ok("build", "--progress", "plain", "--platform", BOTH,
          "--cache-to", cache, "-t", "cached:1", context.toString());
      assertTrue(exported.err().contains("cache " + cache + ": 2 steps exported"),
          exported.err());

      bases(home("importer"));
      CliRun imported = ok("build", "--progress", "plain", "--platform", BOTH,
          "--cache-from", cache, "-t", "cached:1", context.toString());
      // each platform's RUN comes from the cache: none ran (so no QEMU either)
      for (String p : List.of("linux/amd64", "linux/arm64")) {
        Matcher step = Pattern.compile("(#\\d+) \\["
            + p + " stage-0 2/2\\] RUN").matcher(imported.err());
        assertTrue(step.find(), p + ": " + imported.err());
        assertTrue(imported.err().matches("(?s).*" + step.group(1) + " CACHED [^\\n]*\\(hit: "
            + "from cache " + Pattern.quote(cache) + ".*"), p + ": " + imported.err());
      }
      assertEquals(exported.out(), imported.out());
      assertEquals("aarch64\n",
          ok("run", "--rm", "--platform", "linux/arm64", "cached:1", "cat", "/arch").out());
    }
  }

  @Test
  void anIndexWithoutThisMachinesImageIsInspectedWithItsManifests() throws Exception {
    Path home = home("partial");
    bases(home);
    // an index of arm64 alone (a list of another CPU)
    ok("manifest", "create", "armonly:1", "bb:arm64");
    String arm = ok("inspect", "armonly:1").out();
    assertTrue(arm.contains("\"Architecture\": \"arm64\""), arm);
    assertTrue(arm.contains("\"Manifests\": ["), arm);
    // an index of both whose amd64 image is not in the store (as one pulled for arm64 alone)
    String index = ok("build", "-q", "--platform", BOTH, "-t", "partial:1",
        context("partial", "ARG TARGETARCH\nFROM bb:${TARGETARCH}\nLABEL a=$TARGETARCH\n")
            .toString()).out().strip();
    String both = ok("inspect", "partial:1").out();
    Matcher amd64 = Pattern.compile("\"digest\": \"sha256:([0-9a-f]{64})\",\\s*\"mediaType\": "
        + "\"[^\"]+\",\\s*\"platform\": \\{\\s*\"architecture\": \"amd64\"").matcher(both);
    assertTrue(amd64.find(), both);
    Files.delete(home.resolve("blobs/sha256/" + amd64.group(1)));
    String partial = ok("inspect", "partial:1").out();
    assertTrue(partial.contains("\"Architecture\": \"arm64\""), partial);
    assertTrue(partial.contains("\"Available\": false"), partial);
    assertTrue(partial.contains("\"Available\": true"), partial);
    assertTrue(partial.contains("partial@" + index), partial);
    assertTrue(ok("images", "partial").out().contains("partial"));
  }

  @Test
  void aSingleImageOfAnotherCpuRunsWithDockersWarning() throws Exception {
    bases(home("warned"));
    CliRun r = ok("run", "--rm", "bb:arm64", "uname", "-m");
    assertEquals("aarch64\n", r.out());
    assertTrue(r.err().contains("WARNING: The requested image's platform (linux/arm64) does not "
        + "match the detected host platform (" + Platform.host().formatted() + ") and no specific "
        + "platform was requested"), r.err());
    CliRun asked = ok("run", "--rm", "--platform", "linux/arm64", "bb:arm64", "uname", "-m");
    assertEquals("", asked.err());
  }

  @Test
  void aCrossCompileRunsItsBuilderStageNativelyForEveryPlatform() throws Exception {
    bases(home("cross"));
    Path context = context("cross", """
        ARG TARGETARCH
        FROM --platform=$BUILDPLATFORM bb:amd64 AS build
        ARG TARGETARCH TARGETPLATFORM BUILDPLATFORM
        RUN echo "$TARGETARCH $TARGETPLATFORM from $BUILDPLATFORM on $(uname -m)" > /out
        FROM bb:amd64 AS final-amd64
        FROM bb:arm64 AS final-arm64
        FROM bb:arm AS final-arm
        FROM final-${TARGETARCH}
        COPY --from=build /out /out
        """);
    CliRun built = ok("build", "--progress", "plain", "--platform", BOTH + ",linux/arm/v7",
        "-t", "cross:1", context.toString());
    // one RUN per platform, both on this machine's CPU: uname -m says x86_64, not aarch64
    assertEquals("arm64 linux/arm64 from linux/amd64 on x86_64\n",
        ok("run", "--rm", "--platform", "linux/arm64", "cross:1", "cat", "/out").out());
    assertEquals("amd64 linux/amd64 from linux/amd64 on x86_64\n",
        ok("run", "--rm", "--platform", "linux/amd64", "cross:1", "cat", "/out").out());
    assertEquals("arm linux/arm/v7 from linux/amd64 on x86_64\n",
        ok("run", "--rm", "--platform", "linux/arm/v7", "cross:1", "cat", "/out").out());
    assertEquals("armv7l\n",
        ok("run", "--rm", "--platform", "linux/arm/v7", "cross:1", "uname", "-m").out());
    assertTrue(built.err().contains("3 platforms (linux/amd64, linux/arm64, linux/arm/v7)"),
        built.err());
  }

  @Test
  void aPlatformWithoutEmulationIsRefusedNamingTheFix() throws Exception {
    Platform s390x = Platform.parse("linux/s390x");
    assumeTrue(Emulation.system().handler(s390x).isEmpty(),
        "an s390x handler is registered here: skipped");
    home("none");
    CliRun r = hoist("build", "--progress", "plain", "--platform", "linux/s390x",
        context("none", "FROM scratch\nRUN true\n").toString());
    assertNotEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("linux/s390x programs cannot run on this linux/amd64 machine"),
        r.err());
    assertTrue(r.err().contains("qemu-user-static"), r.err());
    assertTrue(r.err().contains("hoist system emulation install"), r.err());
  }

  @Test
  void withSourceDateEpochTwoBuildsGiveTheSameIndexDigest() throws Exception {
    Path context = context("same", "ARG TARGETARCH\nFROM bb:${TARGETARCH}\n"
        + "RUN echo built > /built && uname -m > /arch\n");
    List<String> digests = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      bases(home(name));
      Path oci = dir.resolve(name + ".tar");
      CliRun r = ok("build", "--progress", "plain", "--platform", BOTH,
          "--build-arg", "SOURCE_DATE_EPOCH=1700000000", "-t", "same:1",
          "-o", "type=oci,dest=" + oci, context.toString());
      digests.add(r.out().strip());
      assertTrue(Files.size(oci) > 0);
    }
    assertTrue(digests.get(0).startsWith("sha256:"), digests.toString());
    assertEquals(digests.get(0), digests.get(1));
    // the platforms' images are named by the index alone: none is left dangling
    assertEquals("", ok("images", "-q", "--filter", "dangling=true").out().strip());
  }

  @Test
  void buildxBuildWritesBuildxMetadataAndRefusesAttestations() throws Exception {
    bases(home("buildx"));
    Path context = context("buildx", "ARG TARGETARCH\nFROM bb:${TARGETARCH}\n");
    Path metadata = dir.resolve("metadata.json");
    CliRun built = ok("buildx", "build", "--load", "--metadata-file", metadata.toString(),
        "--provenance=false", "--platform", BOTH, "-q", "-t", "bx:1", context.toString());
    String json = Files.readString(metadata);
    assertTrue(json.contains("\"containerimage.digest\" : \"" + built.out().strip() + "\""),
        json);
    assertTrue(json.contains("\"image.name\" : \"bx:1\""), json);
    assertTrue(json.contains("application/vnd.oci.image.index.v1+json"), json);
    CliRun refused = hoist("buildx", "build", "--sbom=true", "-t", "bx:2", context.toString());
    assertEquals(1, refused.code(), refused.err());
    assertTrue(refused.err().contains("hoist makes no attestations"), refused.err());
    CliRun attest = hoist("buildx", "build", "--attest", "type=provenance,mode=max", "-t",
        "bx:2", context.toString());
    assertEquals(1, attest.code(), attest.err());
    assertTrue(attest.err().contains("--attest type=provenance,mode=max: hoist makes no "
        + "attestations"), attest.err());
  }
}
