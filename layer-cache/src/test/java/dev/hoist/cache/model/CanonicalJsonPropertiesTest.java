package dev.hoist.cache.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** write → read → write is byte-identical for any labels and environment. */
class CanonicalJsonPropertiesTest {

  @Property(tries = 300)
  void labelsAndEnvRoundTripByteIdentically(
      @ForAll @Size(max = 12) Map<String, String> labels,
      @ForAll @Size(max = 12) List<String> env,
      @ForAll @Size(max = 4) List<String> cmd) {
    ImageConfig config = ImageConfig.of(Platform.parse("linux/amd64"))
        .withConfig(ContainerConfig.builder().labels(labels).env(env).cmd(cmd).build());
    byte[] once = CanonicalJson.write(config);
    ImageConfig back = CanonicalJson.read(once, ImageConfig.class);
    assertEquals(config, back);
    assertArrayEquals(once, CanonicalJson.write(back));
    assertEquals(CanonicalJson.digestOf(config), CanonicalJson.digestOf(back));
  }
}
