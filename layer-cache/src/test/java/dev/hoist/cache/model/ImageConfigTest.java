package dev.hoist.cache.model;

import static dev.hoist.cache.model.TestJson.resource;
import static dev.hoist.cache.model.TestJson.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the build engine makes and changes configs and manifests. */
class ImageConfigTest {
  private static final Digest LAYER = Digest.sha256(new byte[] {1});

  @Test
  void aNewConfigIsMinimal() {
    ImageConfig config = ImageConfig.of(Platform.parse("linux/arm64/v8"));
    assertEquals("{\"architecture\":\"arm64\",\"config\":{},\"os\":\"linux\","
        + "\"rootfs\":{\"diff_ids\":[],\"type\":\"layers\"},\"variant\":\"v8\"}",
        string(CanonicalJson.write(config)));
    assertEquals("linux/arm64/v8", config.platform().toString());
  }

  @Test
  void theDeclaredPlatformIsEmptyWithoutAnOsOrAnArchitecture() throws Exception {
    assertEquals("linux/arm/v7", ImageConfig.of(Platform.parse("linux/arm/v7"))
        .declaredPlatform().orElseThrow().toString());
    for (String json : List.of("{}", "{\"os\":\"linux\"}", "{\"architecture\":\"amd64\"}",
        "{\"architecture\":\"\",\"os\":\"linux\"}")) {
      ImageConfig config = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8),
          ImageConfig.class);
      assertTrue(config.declaredPlatform().isEmpty(), json);
      assertThrows(IllegalArgumentException.class, config::platform, json);
    }
  }

  @Test
  void buildStepsAddLayersHistoryAndConfig() {
    ContainerConfig runConfig = ContainerConfig.builder()
        .envVar("PATH", "/bin")
        .envVar("LANG", "C")
        .envVar("PATH", "/usr/bin:/bin")
        .label("b", "2").label("a", "1")
        .exposedPort("80/tcp").exposedPort("443/tcp")
        .volume("/data")
        .cmd(List.of())
        .healthcheck(new Healthcheck(List.of("CMD", "true"), Healthcheck.nanos(Duration.ofSeconds(30)),
            null, null, null, 3, null))
        .build();
    ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"))
        .withCreated("2024-01-01T00:00:00Z")
        .plusLayer(LAYER, History.layer("2024-01-01T00:00:00Z", "COPY . /"))
        .plusHistory(History.emptyLayer("2024-01-01T00:00:00Z", "ENV LANG=C"))
        .withConfig(runConfig);
    assertEquals(List.of(LAYER), config.diffIds());
    assertEquals(List.of("PATH=/usr/bin:/bin", "LANG=C"), config.config().env());
    assertEquals("{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[],\"Env\":[\"PATH=/usr/bin:/bin\","
        + "\"LANG=C\"],\"ExposedPorts\":{\"443/tcp\":{},\"80/tcp\":{}},\"Healthcheck\":{\"Interval\":"
        + "30000000000,\"Retries\":3,\"Test\":[\"CMD\",\"true\"]},\"Labels\":{\"a\":\"1\",\"b\":\"2\"},"
        + "\"Volumes\":{\"/data\":{}}},\"created\":\"2024-01-01T00:00:00Z\",\"history\":[{\"created\":"
        + "\"2024-01-01T00:00:00Z\",\"created_by\":\"COPY . /\"},{\"created\":\"2024-01-01T00:00:00Z\","
        + "\"created_by\":\"ENV LANG=C\",\"empty_layer\":true}],\"os\":\"linux\",\"rootfs\":"
        + "{\"diff_ids\":[\"" + LAYER + "\"],\"type\":\"layers\"}}", string(CanonicalJson.write(config)));
  }

  @Test
  void toBuilderKeepsEverythingIncludingUnknownFields() {
    ImageConfig docker = CanonicalJson.read(resource("docker-busybox-config.json"),
        ImageConfig.class);
    ContainerConfig same = docker.config().toBuilder().build();
    assertEquals(docker.config(), same);
    ImageConfig changed = docker.withConfig(same.toBuilder().user("nobody").build());
    assertEquals("nobody", changed.config().user());
    assertEquals(docker.config().unknownFields(), changed.config().unknownFields());
    assertEquals(docker.unknownFields(), changed.unknownFields());
    assertNull(changed.config().entrypoint()); // "Entrypoint": null stays absent
  }

  @Test
  void withMethodsReplaceOnlyTheirPart() {
    ImageConfig oci = CanonicalJson.read(resource("oci-config.json"), ImageConfig.class);
    ImageConfig other = oci.withDiffIds(List.of(LAYER)).withHistory(List.of());
    assertEquals(List.of(LAYER), other.diffIds());
    assertEquals("kept", other.rootfs().unknownFields().get("x-rootfs-extra").asText());
    assertEquals(List.of(), other.history());
    assertSame(oci.config(), other.config());
    assertEquals(Set.of("53/udp", "8080/tcp"), oci.config().exposedPorts());
    assertEquals(30_000_000_000L, oci.config().healthcheck().interval());
  }

  @Test
  void collectionsAreImmutable() {
    ImageConfig oci = CanonicalJson.read(resource("oci-config.json"), ImageConfig.class);
    assertThrows(UnsupportedOperationException.class, () -> oci.config().env().add("X=1"));
    assertThrows(UnsupportedOperationException.class, () -> oci.config().labels().put("a", "b"));
    assertThrows(UnsupportedOperationException.class, () -> oci.diffIds().clear());
  }

  @Test
  void manifestsForBothFormatsFromOneModel() {
    ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"))
        .plusLayer(LAYER, History.layer(null, "ADD x /"));
    byte[] configJson = CanonicalJson.write(config);
    for (String type : List.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)) {
      ImageManifest m = ImageManifest.of(type,
          Descriptor.ofContent(MediaTypes.configFor(type), configJson),
          List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, LAYER, 10)));
      ImageManifest back = CanonicalJson.read(CanonicalJson.write(m), ImageManifest.class);
      assertEquals(m, back);
      assertEquals(configJson.length, back.config().size());
      assertEquals(MediaTypes.isDocker(type), MediaTypes.isDocker(back.config().mediaType()));
    }
  }

  @Test
  void embeddedData() {
    Descriptor d = CanonicalJson.read(TestJson.utf8("{\"mediaType\":\"" + MediaTypes.OCI_EMPTY
        + "\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
        + "\"size\":2,\"data\":\"e30=\"}"), Descriptor.class);
    assertEquals("{}", string(d.decodedData()));
    assertEquals(d.digest(), Digest.sha256(d.decodedData()));
  }
}
