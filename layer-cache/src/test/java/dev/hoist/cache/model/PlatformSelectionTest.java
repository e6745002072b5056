package dev.hoist.cache.model;

import static dev.hoist.cache.model.TestJson.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.json.CanonicalJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformSelectionTest {
  private static final ImageIndex OCI =
      CanonicalJson.read(resource("oci-index-multiarch.json"), ImageIndex.class);
  private static final ImageIndex DOCKER =
      CanonicalJson.read(resource("docker-manifest-list.json"), ImageIndex.class);

  private static String pick(ImageIndex index, String platform) {
    Optional<Descriptor> d = index.manifestFor(Platform.parse(platform));
    return d.map(x -> x.digest().hex().substring(0, 6)).orElse("none");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "linux/amd64, 5936ee",
      "linux/x86_64, 5936ee",
      "linux/amd64/v3, 5936ee",   // amd64/v3 runs v1 images
      "linux/arm64, c1669e",      // arm64 without variant is v8
      "linux/arm64/v8, c1669e",
      "linux/aarch64, c1669e",
      "linux/arm, 9a941f",        // arm without variant is v7
      "linux/arm/v7, 9a941f",
      "linux/armhf, 9a941f",
      "linux/arm/v6, d1d17d",
      "linux/arm/v5, none",
      "linux/s390x, none",
      "windows/amd64, 2e0788",
      "darwin/arm64, none",
      "unknown/unknown, ab7b19",  // only if asked for: attestations are not images
  })
  void ociIndex(String platform, String expected) {
    assertEquals(expected, pick(OCI, platform));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "linux/arm64/v8, c1669e",   // list says arm64 with no variant
      "linux/arm64, c1669e",
      "linux/386, d1d17d",
      "linux/i386, d1d17d",
      "linux/arm/v8, 9a941f",     // best older variant: v7
  })
  void dockerManifestList(String platform, String expected) {
    assertEquals(expected, pick(DOCKER, platform));
  }

  @Test
  void fallsBackOnlyWhenThereIsNoExactMatch() {
    Descriptor arm7 = entry("9a941fae19cfed465b86864a62dfb85e915ca744f677c088b72dcff84cfea588",
        "linux/arm/v7");
    Descriptor arm64 = entry("c1669e1d8edca98769c37d494b76442a1d6e5ffffd7b4da1fb63aef8ebaf6f01",
        "linux/arm64");
    Descriptor i386 = entry("d1d17d53945706bbf41c6bfac09aa2966f99afbcd71e729bace912ad8fc1011b",
        "linux/386");
    ImageIndex both = ImageIndex.of(MediaTypes.OCI_INDEX, List.of(arm7, arm64));
    ImageIndex only32 = ImageIndex.of(MediaTypes.OCI_INDEX, List.of(arm7, i386));
    assertEquals(arm64, both.manifestFor(Platform.parse("linux/arm64")).orElseThrow());
    assertEquals(arm7, only32.manifestFor(Platform.parse("linux/arm64")).orElseThrow());
    assertEquals(i386, only32.manifestFor(Platform.parse("linux/amd64")).orElseThrow());
  }

  @Test
  void entriesWithoutPlatformAreNeverChosen() {
    ImageIndex index = ImageIndex.of(MediaTypes.OCI_INDEX, List.of(Descriptor.of(
        MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[0]), 2)));
    assertTrue(index.manifestFor(Platform.parse("linux/amd64")).isEmpty());
  }

  @Test
  void platformsForErrorMessages() {
    assertEquals("[unknown/unknown, linux/amd64, linux/arm64/v8, linux/arm/v7, linux/arm/v6, "
        + "windows/amd64]", OCI.platforms().toString());
  }

  @Test
  void normalizationAndParsing() {
    assertEquals("linux/arm64/v8", Platform.parse("Linux/aarch64").normalized().toString());
    assertEquals("linux/amd64", Platform.parse("linux/x86_64/v1").normalized().toString());
    assertEquals("linux/arm/v6", Platform.parse("linux/armel").normalized().toString());
    assertEquals("linux/arm/v7", Platform.parse("linux/arm/7").normalized().toString());
    assertEquals("darwin/arm64/v8", Platform.parse("macos/arm64").normalized().toString());
    assertEquals("linux/riscv64", Platform.parse("linux/riscv64").normalized().toString());
    assertEquals(Platform.of("linux", "arm", "v7"), Platform.parse("linux/arm/v7"));
    assertEquals(List.of("linux/arm/v7", "linux/arm/v6", "linux/arm/v5"),
        PlatformMatcher.preferences(Platform.parse("linux/arm")).stream()
            .map(Platform::toString).toList());
    assertTrue(Platform.host().os().length() > 0);
  }

  private static Descriptor entry(String hex, String platform) {
    return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of("sha256", hex), 500)
        .withPlatform(Platform.parse(platform));
  }
}
