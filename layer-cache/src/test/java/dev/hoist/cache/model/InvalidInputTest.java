package dev.hoist.cache.model;

import static dev.hoist.cache.model.TestJson.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.json.CanonicalJson;
import org.junit.jupiter.api.Test;

/** Malformed JSON and invalid values are IllegalArgumentExceptions that say what and where. */
class InvalidInputTest {
  private static final String CONFIG_DESCRIPTOR = "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
      + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2}";

  private static String message(String json, Class<?> type) {
    return assertThrows(IllegalArgumentException.class,
        () -> CanonicalJson.read(utf8(json), type)).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + message + "\" lacks \"" + part + "\"");
    }
  }

  @Test
  void malformedJsonNamesTheDocumentAndPosition() {
    assertMentions(message("{\"schemaVersion\": 2,\n \"layers\": [", ImageManifest.class),
        "invalid image manifest", "line 2");
    assertMentions(message("", ImageConfig.class), "invalid image config");
    assertMentions(message("{} trailing", ImageIndex.class), "invalid image index");
    assertMentions(message("null", ImageConfig.class), "invalid image config", "null");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertMentions(message("{\"os\":\"linux\",\"os\":\"windows\",\"architecture\":\"amd64\"}",
        Platform.class), "invalid platform", "Duplicate field 'os'");
  }

  @Test
  void invalidDigestsSayWhichAndWhere() {
    String json = "{\"schemaVersion\":2,\"config\":" + CONFIG_DESCRIPTOR.replace("a".repeat(64),
        "abc") + ",\"layers\":[]}";
    assertMentions(message(json, ImageManifest.class),
        "invalid image manifest at config.digest", "invalid sha256 digest", "got 3");
    String upper = "{\"schemaVersion\":2,\"config\":" + CONFIG_DESCRIPTOR + ",\"layers\":["
        + CONFIG_DESCRIPTOR.replace("a".repeat(64), "A".repeat(64)) + "]}";
    assertMentions(message(upper, ImageManifest.class),
        "at layers[0].digest", "not a lower-case hex digit");
    assertMentions(message("{\"type\":\"layers\",\"diff_ids\":[\"md5:abc\"]}", RootFs.class),
        "invalid root fs at diff_ids[0]", "unsupported digest algorithm \"md5\"");
  }

  @Test
  void missingRequiredValuesAreNamed() {
    assertMentions(message("{\"schemaVersion\":2,\"layers\":[]}", ImageManifest.class),
        "image manifest without config");
    assertMentions(message("{\"schemaVersion\":1,\"config\":" + CONFIG_DESCRIPTOR + "}",
        ImageManifest.class), "schemaVersion 1");
    assertMentions(message("{\"mediaType\":\"x\",\"digest\":\"sha256:" + "a".repeat(64) + "\"}",
        Descriptor.class), "invalid descriptor", "size");
    assertMentions(message("{\"mediaType\":\"x\",\"size\":1}", Descriptor.class), "digest");
    assertMentions(message("{\"os\":\"linux\"}", Platform.class), "platform without architecture");
    assertMentions(message("{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1,"
        + "\"data\":\"not base64!\"}", Descriptor.class), "data is not base64");
  }

  @Test
  void wrongShapesAreRejected() {
    assertMentions(message("{\"schemaVersion\":2,\"manifests\":{}}", ImageIndex.class),
        "invalid image index at manifests");
    assertMentions(message("{\"User\":\"x\",\"ExposedPorts\":[\"80/tcp\"]}",
        ContainerConfig.class), "invalid container config at ExposedPorts");
  }

  @Test
  void callersCanNameTheDocument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CanonicalJson.read(utf8("{"), ImageManifest.class, "manifest of busybox:latest"));
    assertTrue(e.getMessage().startsWith("invalid manifest of busybox:latest"), e.getMessage());
  }

  @Test
  void platformStringsAreChecked() {
    assertEquals("invalid platform \"linux\": expected os/arch or os/arch/variant, such as "
        + "linux/arm64/v8",
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux/arm/v7/x"));
    assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux//v7"));
  }
}
