package dev.hoist.cache.model;

import static dev.hoist.cache.model.TestJson.resource;
import static dev.hoist.cache.model.TestJson.string;
import static dev.hoist.cache.model.TestJson.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields the model does not know survive read + write at every level. */
class UnknownFieldsTest {

  @Test
  void dockerConfigExtrasAtTopAndNestedLevels() {
    ImageConfig config = CanonicalJson.read(resource("docker-busybox-config.json"),
        ImageConfig.class);
    assertEquals("20.10.23", config.unknownFields().get("docker_version").asText());
    assertTrue(config.unknownFields().containsKey("container"));
    assertEquals("sha256:9ff590b1978e0d96ca4502311f28c693c3953c70b06aeebd8d77c3c2049a4f7b",
        config.config().unknownFields().get("Image").asText());
    assertFalse(config.config().unknownFields().get("Tty").asBoolean());

    JsonNode out = tree(CanonicalJson.write(config));
    assertEquals("3f4d90098f5b", out.at("/container_config/Hostname").asText());
    assertTrue(out.at("/container_config/Entrypoint").isNull()); // unknown nulls are kept
    assertEquals("{}", out.at("/container_config/Labels").toString());
    assertEquals("", out.at("/config/Domainname").asText());
  }

  @Test
  void ociExtrasInEveryNestedType() {
    JsonNode config = tree(CanonicalJson.write(
        CanonicalJson.read(resource("oci-config.json"), ImageConfig.class)));
    assertEquals("kept", config.at("/rootfs/x-rootfs-extra").asText());
    assertEquals(7, config.at("/history/1/x-history-extra").asInt());
    assertEquals(0, config.at("/config/Memory").asInt());
    assertEquals(4, config.at("/config/Healthcheck/x-future-field/nested").size());
    assertEquals("{\"a\":[{\"c\":3,\"d\":2}],\"b\":1}", config.at("/x-top-level").toString());

    JsonNode manifest = tree(CanonicalJson.write(
        CanonicalJson.read(resource("oci-manifest.json"), ImageManifest.class)));
    assertEquals("[\"kept\"]", manifest.at("/x-manifest-extra").toString());
    assertTrue(manifest.at("/layers/0/x-layer-extra/compressed").asBoolean());

    JsonNode index = tree(CanonicalJson.write(
        CanonicalJson.read(resource("oci-index-multiarch.json"), ImageIndex.class)));
    assertEquals("kept", index.at("/manifests/2/platform/x-platform-extra").asText());
    assertEquals("{\"a\":1.0,\"z\":null}", index.at("/x-index-extra").toString());
  }

  @Test
  void extrasAreCopiedAndUnmodifiable() {
    ObjectNode node = CanonicalJson.mapper().createObjectNode().put("n", 1);
    Map<String, JsonNode> extras = new HashMap<>(Map.of("x", node));
    RootFs rootfs = new RootFs(RootFs.LAYERS, null, extras);
    node.put("n", 2);
    extras.put("y", IntNode.valueOf(3));
    assertEquals("{\"diff_ids\":[],\"type\":\"layers\",\"x\":{\"n\":1}}",
        string(CanonicalJson.write(rootfs)));
    assertThrows(UnsupportedOperationException.class,
        () -> rootfs.unknownFields().put("z", IntNode.valueOf(1)));
  }

  @Test
  void knownFieldsAreNotDuplicatedAsUnknown() {
    Descriptor d = CanonicalJson.read(TestJson.utf8("{\"mediaType\":\"m\",\"digest\":\"sha256:"
        + "a".repeat(64) + "\",\"size\":3,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\","
        + "\"os.version\":\"6\"}}"), Descriptor.class);
    assertTrue(d.unknownFields().isEmpty());
    assertTrue(d.platform().unknownFields().isEmpty());
    assertEquals("6", d.platform().osVersion());
  }
}
