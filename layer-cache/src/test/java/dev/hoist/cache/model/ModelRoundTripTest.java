package dev.hoist.cache.model;

import static dev.hoist.cache.model.TestJson.resource;
import static dev.hoist.cache.model.TestJson.tree;
import static dev.hoist.cache.model.TestJson.withoutNullMembers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hand-written real-world document survives read + write, and re-writes identically. */
class ModelRoundTripTest {

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("docker-busybox-config.json", ImageConfig.class),
        Arguments.of("oci-config.json", ImageConfig.class),
        Arguments.of("oci-manifest.json", ImageManifest.class),
        Arguments.of("docker-manifest.json", ImageManifest.class),
        Arguments.of("oci-index-multiarch.json", ImageIndex.class),
        Arguments.of("docker-manifest-list.json", ImageIndex.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void nothingIsLostButNullKnownFields(String name, Class<?> type) {
    byte[] original = resource(name);
    byte[] written = CanonicalJson.write(CanonicalJson.read(original, type));
    assertEquals(withoutNullMembers(tree(original)), withoutNullMembers(tree(written)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void canonicalOutputReSerialisesByteIdentically(String name, Class<?> type) {
    byte[] once = CanonicalJson.write(CanonicalJson.read(resource(name), type));
    Object again = CanonicalJson.read(once, type);
    assertArrayEquals(once, CanonicalJson.write(again));
    assertEquals(CanonicalJson.read(resource(name), type), again);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void canonicalOutputIsTheCanonicalFormOfTheInput(String name, Class<?> type) {
    byte[] original = resource(name);
    // the model adds nothing: its output is the input re-encoded, minus null known fields
    byte[] viaModel = CanonicalJson.write(CanonicalJson.read(original, type));
    byte[] viaTree = CanonicalJson.write(withoutNullMembers(tree(original)));
    if (!TestJson.string(original).contains("null")) { // unknown nulls are kept, known dropped
      assertEquals(TestJson.string(viaTree), TestJson.string(viaModel));
    }
  }
}
