package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.fixtures.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built image read by other tools: the OCI archive hoist writes is inspected by skopeo,
 * unpacked by umoci and run by runc, and the image in hoist's store is read by skopeo in place.
 */
class BuildInteropTest {
  @TempDir Path tmp;

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = dev.hoist.internal.cache.layer.Compression.class,
      names = {"GZIP", "NONE"}) // umoci 0.4 (Debian 12) refuses zstd layers
  void skopeoUmociAndRuncRunTheBuiltImage(dev.hoist.internal.cache.layer.Compression compression)
      throws Exception {
    BuildFixture.assumeUsable();
    for (String tool : new String[] {"skopeo", "umoci", "runc", "tar"}) {
      ExternalTools.assumeAvailable(tool);
    }
    BuildFixture f = new BuildFixture(tmp, "home").withBusybox();
    f.file("greeting.txt", "hello");
    f.dockerfile("""
        FROM hoist-test/busybox AS build
        COPY greeting.txt /in.txt
        RUN cat /in.txt > /out.txt && echo " from a RUN" >> /out.txt && rm /bin/vi
        FROM hoist-test/busybox
        COPY --from=build /out.txt /srv/
        RUN rm /etc/group
        CMD ["cat", "/srv/out.txt"]
        """);
    Path archive = tmp.resolve("image.tar");
    BuildResult r = f.build(b -> b.tag("hoist-test/interop:1").compression(compression)
        .output(new OutputSpec(OutputSpec.Type.OCI, archive))).result();

    String inspected = ExternalTools.output("skopeo", "inspect", "--raw",
        "oci:" + f.store.home().root() + ":docker.io/hoist-test/interop:1");
    assertTrue(inspected.contains(r.manifest().digest().hex()) || inspected.contains("layers"),
        inspected);

    Path layout = Files.createDirectories(tmp.resolve("layout"));
    ExternalTools.output("tar", "-C", layout.toString(), "-xf", archive.toString());
    Path bundle = tmp.resolve("bundle");
    ExternalTools.output("umoci", "unpack", "--image",
        layout + ":docker.io/hoist-test/interop:1", bundle.toString());
    assertTrue(Files.exists(bundle.resolve("rootfs/srv/out.txt")));
    assertTrue(!Files.exists(bundle.resolve("rootfs/etc/group")), "the whiteout applied");
    Path config = bundle.resolve("config.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode spec = (ObjectNode) json.readTree(config.toFile());
    ((ObjectNode) spec.get("process")).put("terminal", false);
    json.writeValue(config.toFile(), spec);
    String out = ExternalTools.output("runc", "run", "--bundle", bundle.toString(),
        "hoist-interop-" + ProcessHandle.current().pid() + "-" + compression);
    assertEquals("hello from a RUN\n", out);
  }
}
