package dev.hoist.cache.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageNameTest {
  @ParameterizedTest
  @CsvSource({
      "alpine, docker.io/library/alpine:latest, alpine:latest",
      "alpine:3.19, docker.io/library/alpine:3.19, alpine:3.19",
      "bitnami/redis, docker.io/bitnami/redis:latest, bitnami/redis:latest",
      "docker.io/library/busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
      "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
      "localhost:5000/app:dev, localhost:5000/app:dev, localhost:5000/app:dev",
      "localhost/app, localhost/app:latest, localhost/app:latest",
      "ghcr.io/org/tool/sub:v1.2.3, ghcr.io/org/tool/sub:v1.2.3, ghcr.io/org/tool/sub:v1.2.3",
  })
  void normalisesAsDockerDoes(String input, String full, String familiar) {
    ImageName name = ImageName.parse(input);
    assertEquals(full, name.toString());
    assertEquals(familiar, name.familiar());
  }

  @Test
  void digestReferences() {
    String digest = "sha256:" + "a".repeat(64);
    ImageName byDigest = ImageName.parse("alpine@" + digest);
    assertEquals(null, byDigest.tag());
    assertEquals("docker.io/library/alpine@" + digest, byDigest.toString());
    ImageName both = ImageName.parse("alpine:3@" + digest);
    assertEquals("3", both.tag());
    assertEquals(digest, both.digest().toString());
  }

  @Test
  void rejectsInvalidNames() {
    IllegalArgumentException upper = assertThrows(IllegalArgumentException.class,
        () -> ImageName.parse("Alpine"));
    assertTrue(upper.getMessage().contains("lower case"), upper.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageName.parse("alpine:bad tag"));
    assertThrows(IllegalArgumentException.class, () -> ImageName.parse(""));
    assertThrows(IllegalArgumentException.class, () -> ImageName.parse("a//b"));
    assertThrows(IllegalArgumentException.class, () -> ImageName.parse("alpine@sha256:xyz"));
  }

  @Test
  void registryReferencesAreNormalisedLikeDocker() {
    ImageName ubuntu = ImageName.parse("ubuntu");
    assertEquals("registry-1.docker.io", ubuntu.apiHost());
    assertEquals("library/ubuntu", ubuntu.repository());
    assertEquals("latest", ubuntu.tag());
    assertEquals("docker.io/library/ubuntu:latest", ubuntu.toString());
    assertEquals("docker.io", ubuntu.registry()); // one spelling of Docker Hub
    assertEquals("registry-1.docker.io", ImageName.parse("docker.io/library/ubuntu:22.04").apiHost());
    ImageName local = ImageName.parse("localhost:5000/team/app:1");
    assertEquals("localhost:5000", local.registry());
    assertEquals("team/app", local.repository());
    String hex = "a".repeat(64);
    ImageName both = ImageName.parse("127.0.0.1:5000/x:1@sha256:" + hex);
    assertEquals("1", both.tag());
    assertEquals("sha256:" + hex, both.manifestReference());
    ImageName digestOnly = ImageName.parse("ghcr.io/o/r@sha256:" + hex);
    assertNull(digestOnly.tag());
    assertThrows(IllegalArgumentException.class, () -> ImageName.parse("UPPER/Case"));
    assertEquals("registry-1.docker.io", ImageName.registryHost("https://index.docker.io/v1/"));
    assertEquals("ghcr.io", ImageName.registryHost("ghcr.io"));
  }
}
