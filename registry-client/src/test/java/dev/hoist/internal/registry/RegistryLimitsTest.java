package dev.hoist.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits' settings: registries.json, then HOIST_REGISTRY_*, then hoist.registry.*; bad values named. */
class RegistryLimitsTest {
  @TempDir Path tmp;

  @Test
  void environmentVariablesAndPropertiesOverrideInThatOrder() {
    RegistryLimits limits = RegistryLimits.defaults().withEnvironment(
        Map.of("HOIST_REGISTRY_READ_TIMEOUT", "15s", "HOIST_REGISTRY_CONNECT_TIMEOUT", "3",
            "HOIST_REGISTRY_MAX_MANIFEST_SIZE", "1MiB"),
        name -> name.equals("hoist.registry.read-timeout") ? "500ms" : null);
    assertEquals(Duration.ofMillis(500), limits.readTimeout(), "the property wins over the variable");
    assertEquals(Duration.ofSeconds(3), limits.connectTimeout(), "plain numbers are seconds");
    assertEquals(1 << 20, limits.maxManifestSize());
    assertEquals(RegistryLimits.defaults().responseTimeout(), limits.responseTimeout(), "unset stays");
  }

  @Test
  void registriesFileSetsLimitsUnderTheEnvironment() throws IOException {
    Path file = tmp.resolve("registries.json");
    Files.writeString(file, "{\"limits\": {\"response-timeout\": \"2m\", \"min-transfer-rate\": \"0\","
        + " \"max-config-size\": \"16MiB\"}}");
    RegistryOptions options = RegistriesFile.apply(RegistryOptions.defaults(), file);
    assertEquals(Duration.ofMinutes(2), options.limits().responseTimeout());
    assertEquals(0, options.limits().minTransferRate());
    assertEquals(16L << 20, options.limits().maxConfigSize());
  }

  @Test
  void badValuesAreNamedWithWhereTheyCameFrom() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryLimits.defaults()
        .withEnvironment(Map.of("HOIST_REGISTRY_READ_TIMEOUT", "soon"), name -> null));
    assertEquals("registry limit read-timeout in HOIST_REGISTRY_* or hoist.registry.* is not a duration: \"soon\""
        + " (write e.g. 30s, 500ms or 2m)", e.getMessage());
    Path file = tmp.resolve("registries.json");
    Files.writeString(file, "{\"limits\": {\"read-timeuot\": \"5s\"}}");
    IOException unknown = assertThrows(IOException.class, () -> RegistriesFile.apply(RegistryOptions.defaults(), file));
    assertTrue(unknown.getMessage().startsWith(file + ": unknown registry limit \"read-timeuot\""), unknown.getMessage());
  }
}
