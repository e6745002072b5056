package dev.hoist.internal.cache.json;

import static dev.hoist.cache.model.TestJson.resource;
import static dev.hoist.cache.model.TestJson.string;
import static dev.hoist.cache.model.TestJson.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.TestJson;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keysAreSortedEverywhereIncludingUnknownFieldsAndLabels() {
    ImageConfig config = CanonicalJson.read(utf8("""
        {"rootfs":{"type":"layers","diff_ids":[]},"os":"linux","zzz":{"y":1,"b":2},
         "architecture":"amd64","aaa":true,
         "config":{"Labels":{"zeta":"1","alpha":"2"},"Zz":1,"Env":["A=1"],"Aa":2}}"""),
        ImageConfig.class);
    assertEquals("{\"aaa\":true,\"architecture\":\"amd64\","
        + "\"config\":{\"Aa\":2,\"Env\":[\"A=1\"],\"Labels\":{\"alpha\":\"2\",\"zeta\":\"1\"},"
        + "\"Zz\":1},"
        + "\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[],\"type\":\"layers\"},"
        + "\"zzz\":{\"b\":2,\"y\":1}}", string(CanonicalJson.write(config)));
  }

  @Test
  void noWhitespaceNoTrailingNewlineAndUtf8() {
    byte[] out = CanonicalJson.write(Map.of("k", "café ☕ 😀", "list", List.of(1, 2)));
    assertEquals("{\"k\":\"café ☕ 😀\",\"list\":[1,2]}", string(out));
    assertEquals('}', out[out.length - 1]);
    assertEquals((byte) 0xc3, out[9]); // é as UTF-8, not \u00e9
  }

  @Test
  void keysSortByCodePointLikeGoNotByUtf16() {
    // U+FB01 sorts before U+1F600 by code point (and UTF-8 bytes); UTF-16 order says the opposite
    String ligature = "\uFB01";
    String emoji = "\uD83D\uDE00";
    assertTrue(ligature.compareTo(emoji) > 0);
    assertEquals("{\"" + ligature + "\":1,\"" + emoji + "\":2}",
        string(CanonicalJson.write(Map.of(emoji, 2, ligature, 1))));
  }

  @Test
  void sameContentInAnyKeyOrderHasOneDigest() {
    String a = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
        + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[],"
        + "\"x\":{\"p\":1,\"q\":2}}";
    String b = "{\"x\":{\"q\":2,\"p\":1},\"layers\":[],\"config\":{\"size\":2,\"digest\":\"sha256:"
        + "a".repeat(64) + "\",\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\"},"
        + "\"schemaVersion\":2}";
    ImageManifest first = CanonicalJson.read(utf8(a), ImageManifest.class);
    ImageManifest second = CanonicalJson.read(utf8(b), ImageManifest.class);
    assertEquals(first, second);
    assertEquals(CanonicalJson.digestOf(first), CanonicalJson.digestOf(second));
    assertEquals(CanonicalJson.digestOf(first), CanonicalJson.digestOf(first));
    assertEquals(Digest.sha256(CanonicalJson.write(first)), CanonicalJson.digestOf(first));
  }

  @Test
  void canonicalizeAnyDocument() {
    assertEquals("{\"a\":[{\"b\":1,\"c\":2}],\"d\":1.50}",
        string(CanonicalJson.canonicalize(utf8(" {\"d\": 1.50, \"a\": [ {\"c\":2, \"b\":1} ] }\n"))));
  }

  @Test
  void readsFromAStream() {
    ImageIndex index = CanonicalJson.read(
        new ByteArrayInputStream(resource("docker-manifest-list.json")), ImageIndex.class);
    assertEquals(4, index.manifests().size());
  }

  @Test
  void prettyIsIndentedSortedAndParsesBack() {
    ImageConfig config = CanonicalJson.read(resource("oci-config.json"), ImageConfig.class);
    String pretty = CanonicalJson.pretty(config);
    assertTrue(pretty.startsWith("{\n    \"architecture\": \"arm64\",\n"), pretty);
    assertTrue(pretty.contains("\"ExposedPorts\": {\n            \"53/udp\": {},\n"), pretty);
    assertTrue(pretty.contains("\"Cmd\": [],"), pretty);
    assertFalse(pretty.endsWith("\n"));
    assertArrayEquals(CanonicalJson.write(config),
        CanonicalJson.write(CanonicalJson.read(utf8(pretty), ImageConfig.class)));
  }

  @Test
  void unknownNumbersKeepTheirForm() {
    JsonNode tree = TestJson.tree(CanonicalJson.write(
        CanonicalJson.read(resource("oci-config.json"), ImageConfig.class)));
    assertEquals("[1,2.50,true,null]",
        tree.at("/config/Healthcheck/x-future-field/nested").toString());
  }
}
