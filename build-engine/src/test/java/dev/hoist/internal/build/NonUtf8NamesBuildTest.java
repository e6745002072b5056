package dev.hoist.internal.build;

import dev.hoist.internal.service.RegistryBaseImages;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveWriter;
import dev.hoist.internal.cache.layer.RawNames;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RawTar;
import dev.hoist.fixtures.RegistryProcess;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names that are not UTF-8 ({@code a\xffb}) made by a RUN step or found in the build
 * context keep their bytes in the image's layers, in the snapshots later steps run on, in a
 * saved archive and in a pushed image, as with Docker and BuildKit.
 */
class NonUtf8NamesBuildTest {
  private static final String RUN_MAKES_NAMES = """
      FROM hoist-test/busybox
      RUN mkdir /out && echo made > "/out/$(printf 'a\\377b')" \\
          && ln -s "$(printf 't\\375')" "/out/$(printf 'l\\376')"
      RUN test "$(cat "/out/$(printf 'a\\377b')")" = made && test -L "/out/$(printf 'l\\376')"
      """;

  @TempDir Path tmp;

  private BuildFixture f;

  @BeforeEach
  void setUp() throws Exception {
    BuildFixture.assumeUsable();
    f = new BuildFixture(tmp, "home").withBusybox();
  }

  /** Every layer's entries with the names and link names as printable bytes. */
  private List<String> layerEntries(BuildFixture fixture, BuildResult result) throws Exception {
    List<String> out = new ArrayList<>();
    for (Descriptor layer : fixture.image(result).manifest().layers()) {
      try (InputStream in = fixture.store.blobs().open(layer.digest())) {
        for (RawTar.Entry e : RawTar.entries(in)) {
          out.add(e.printableName() + (e.link().length > 0 ? " -> " + e.printableLink() : ""));
        }
      }
    }
    return out;
  }

  @Test
  void runStepNamesKeepTheirBytesInTheLayerAndTheNextStepSeesThem() throws Exception {
    f.dockerfile(RUN_MAKES_NAMES);
    BuildResult result = f.build().result();

    List<String> entries = layerEntries(f, result);
    assertTrue(entries.containsAll(List.of("out/", "out/a\\xffb", "out/l\\xfe -> t\\xfd")),
        entries.toString());
    Path rootfs = f.rootfs(result);
    List<String> onDisk = RawTar.namesOnDisk(rootfs.resolve("out")).stream()
        .map(RawTar::printable).toList();
    assertEquals(List.of("a\\xffb", "l\\xfe"), onDisk);
  }

  @Test
  void copiedContextNamesKeepTheirBytesAndTheirCache() throws Exception {
    ExternalTools.output("sh", "-c", "cd '" + f.context + "' && printf x > \"$(printf 'c\\377d')\""
        + " && mkdir \"$(printf 'dir\\376')\" && printf y > \"$(printf 'dir\\376/f\\375')\"");
    f.dockerfile("""
        FROM hoist-test/busybox
        COPY . /ctx/
        COPY c* /wild/
        RUN test "$(cat "/ctx/$(printf 'c\\377d')")" = x && test -f "/wild/$(printf 'c\\377d')"
        """);
    BuildResult result = f.build().result();

    List<String> entries = layerEntries(f, result);
    assertTrue(entries.containsAll(List.of("ctx/c\\xffd", "ctx/dir\\xfe/", "ctx/dir\\xfe/f\\xfd",
        "wild/c\\xffd")), entries.toString());
    // the context's content hashes, names included, are remembered for the next build
    try (var files = Files.list(f.store.home().buildCache().resolve("hashes"))) {
      for (Path file : files.toList()) {
        Map<String, String> remembered = new ObjectMapper().readValue(file.toFile(),
            new TypeReference<Map<String, String>>() {});
        assertEquals(3, remembered.size(), remembered.keySet().toString()); // with the Dockerfile
      }
    }
    BuildFixture.Built again = f.build();
    assertTrue(again.progress().cached("COPY . /ctx/"), "COPY . cached");
    assertTrue(again.progress().cached("COPY c* /wild/"), "COPY c* cached");
    assertEquals(result.manifest().digest(), again.result().manifest().digest());
  }

  @Test
  void renamingAContextFileToAnotherNonUtf8NameMissesTheCache() throws Exception {
    ExternalTools.output("sh", "-c",
        "cd '" + f.context + "' && printf x > \"$(printf 'r\\377')\"");
    f.dockerfile("""
        FROM hoist-test/busybox
        COPY . /c/
        """);
    f.build();
    ExternalTools.output("sh", "-c", "cd '" + f.context + "' && mv \"$(printf 'r\\377')\" "
        + "\"$(printf 'r\\376')\"");
    BuildFixture.Built renamed = f.build();

    assertTrue(!renamed.progress().cached("COPY . /c/"), "the renamed file is another source");
    List<String> entries = layerEntries(f, renamed.result());
    assertTrue(entries.contains("c/r\\xfe") && !entries.contains("c/r\\xff"), entries.toString());
  }

  @Test
  void savedArchiveHoldsTheNamesBytes() throws Exception {
    f.dockerfile(RUN_MAKES_NAMES);
    BuildResult result = f.build().result();
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    new ArchiveWriter(f.store).write(List.of(new ArchiveWriter.Saved(null, result.manifest())),
        ArchiveFormat.DOCKER, Platform.host(), archive);

    List<String> names = new ArrayList<>();
    for (RawTar.Entry file : RawTar.entries(new ByteArrayInputStream(archive.toByteArray()))) {
      if (file.printableName().endsWith(".tar") || file.printableName().contains("sha256/")) {
        try {
          RawTar.entries(new ByteArrayInputStream(file.content()))
              .forEach(e -> names.add(e.printableName()));
        } catch (RuntimeException | java.io.IOException notATar) {
          // a config or manifest blob
        }
      }
    }
    assertTrue(names.contains("out/a\\xffb"), names.toString());
  }

  @Test
  void pushedImageUnpackedByUmociHasTheNamesBytes() throws Exception {
    ExternalTools.assumeRegistry();
    ExternalTools.assumeAvailable("skopeo");
    ExternalTools.assumeAvailable("umoci");
    List<ImageTransfers> transfers = new ArrayList<>();
    try (RegistryProcess registry = RegistryProcess.start()) {
      BuildFixture pushing = new BuildFixture(f.work, "home", store -> {
        ImageTransfers t = new ImageTransfers(store, RegistryOptions.defaults());
        transfers.add(t);
        return new RegistryBaseImages(store, t, false);
      });
      pushing.dockerfile(RUN_MAKES_NAMES);
      String tag = registry.host() + "/names/raw:1";
      BuildResult result = pushing.build(b -> b.tag(tag).push(true)).result();
      assertEquals(result.manifest().digest(), result.pushed().get(tag));

      // Go's archive/tar (skopeo, umoci) reads the names as bytes
      Path layout = tmp.resolve("layout");
      ExternalTools.output("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
          "docker://" + tag, "oci:" + layout + ":app");
      Path bundle = tmp.resolve("bundle");
      ExternalTools.output("umoci", "unpack", "--image", layout + ":app", bundle.toString());
      Path out = bundle.resolve("rootfs/out");
      List<byte[]> names = RawTar.namesOnDisk(out);
      assertEquals(List.of("a\\xffb", "l\\xfe"), names.stream().map(RawTar::printable).toList());
      Path link = RawNames.resolve(out, RawNames.decode(names.get(1)));
      assertArrayEquals(RawTar.bytes("t\\xfd"), RawNames.bytes(Files.readSymbolicLink(link)));
    } finally {
      for (ImageTransfers t : transfers) {
        t.close();
      }
    }
  }
}
