package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.Module;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.DockerConfig;
import dev.hoist.cache.image.ImageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the cli's class path (the one hoist.jar is made from) holds: the dependencies' parts that
 * hoist never loads are left out (docs/dependencies.md), and what Jib core still does for hoist
 * works without them.
 */
class DependencyFootprintTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {
      "org.apache.http.client.HttpClient",                 // Apache HttpClient 4.5 (Jib's registry client)
      "org.apache.http.HttpRequest",                       // Apache HttpCore 4.4
      "org.apache.commons.logging.Log",                    // commons-logging, for HttpClient 4.5
      "com.google.api.client.http.HttpTransport",          // google-http-client
      "io.opencensus.trace.Tracer",                        // OpenCensus, for google-http-client
      "com.google.auth.oauth2.GoogleCredentials",          // Google application-default credentials
      "com.google.gson.Gson",                              // Gson, for those credentials
      "com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer", // Jib's build plan
      "org.objectweb.asm.ClassReader",                     // ASM (Jib's main-class inference)
      "org.apache.commons.codec.binary.Hex",               // commons-codec (LZ4/Snappy only)
      "org.checkerframework.checker.nullness.qual.Nullable", // compile-time annotations
      "javax.annotation.Nullable",
      "com.google.errorprone.annotations.CanIgnoreReturnValue",
      "com.google.j2objc.annotations.Weak"})
  void aClassHoistNeverLoadsIsNotOnTheClassPath(String name) {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName(name, false, getClass().getClassLoader()), name);
  }

  @Test
  void jibCoresJavaTimeModuleIsAtJacksonDatabindsVersion() throws Exception {
    Module javaTime = (Module) Class.forName("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule")
        .getConstructor().newInstance();
    assertEquals(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(),
        javaTime.version().toString());
  }

  @Test
  void dockerConfigCredentialsAreReadThroughJibWithoutGooglesCredentialLibraries()
      throws Exception {
    Path file = Files.createDirectories(tmp.resolve("docker")).resolve("config.json");
    // "bob:p@ss" and "hub:secret", base64
    Files.writeString(file, "{\"auths\":{\"registry.example:5000\":{\"auth\":\"Ym9iOnBAc3M=\"},"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"aHViOnNlY3JldA==\"}}}");
    DockerConfig config = new DockerConfig(file);
    assertEquals(Optional.of(new Credentials("bob", "p@ss")), config.lookup("registry.example:5000"));
    assertEquals(Optional.of(new Credentials("hub", "secret")),
        config.lookup(ImageName.DOCKER_HUB_API));
    assertEquals(Optional.empty(), config.lookup("elsewhere.example"));
  }
}
