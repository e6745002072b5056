package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Platform;
import org.junit.jupiter.api.Test;

/**
 * The build engine maps its platform (layer-cache's {@code Platform}) to the text the Dockerfile
 * parser's predefined ARGs are made of, once: what a Dockerfile sees is BuildKit's spelling.
 */
class PlatformArgsTest extends BusyboxBuildTest {
  @Test
  void theDockerfileSeesTheBuildsPlatformsAsBuildKitSpellsThem() throws Exception {
    f.dockerfile("""
        ARG TARGETPLATFORM
        FROM hoist-test/busybox
        ARG TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM BUILDARCH
        LABEL target=$TARGETPLATFORM os=$TARGETOS arch=$TARGETARCH variant=x$TARGETVARIANT \\
              build=$BUILDPLATFORM buildarch=$BUILDARCH
        """);
    Platform host = Platform.host();
    // the host's platform, spelt as --platform would be: x86_64 is amd64, no default variant
    BuildResult r = f.build(b -> b.platform(Platform.parse("linux/" + System.getProperty("os.arch"))))
        .result();
    ContainerConfig c = f.image(r).config().config();
    assertEquals(host.formatted(), c.labels().get("target"));
    assertEquals("linux", c.labels().get("os"));
    assertEquals(host.normalized().architecture(), c.labels().get("arch"));
    assertEquals(host.formatted(), c.labels().get("build"));
    assertEquals(host.normalized().architecture(), c.labels().get("buildarch"));
    String[] parts = host.formatted().split("/");
    assertEquals("x" + (parts.length > 2 ? parts[2] : ""), c.labels().get("variant"));
  }

  @Test
  void aBuildPlatformStageIsRememberedPerTargetPlatform() throws Exception {
    f.dockerfile("""
        FROM --platform=$BUILDPLATFORM hoist-test/busybox AS build
        ARG TARGETARCH
        RUN echo $TARGETARCH > /arch
        FROM scratch
        COPY --from=build /arch /arch
        """);
    Platform host = Platform.host();
    Platform other = Platform.parse(host.normalized().architecture().equals("arm64")
        ? "linux/amd64" : "linux/arm64");
    f.build(b -> b.platform(host));
    // the other target's first build of the step, not a change of the host's (whose record a
    // shared one would overwrite on every multi-platform build)
    String reason = f.build(b -> b.platform(other)).progress().reason("RUN");
    assertFalse(reason.contains("build arg TARGETARCH changed"), reason);
    assertTrue(f.build(b -> b.platform(host)).progress().cached("RUN"));
    assertTrue(f.build(b -> b.platform(other)).progress().cached("RUN"));
  }

  @Test
  void aLocalBaseOfAnotherCpuIsRefusedNotUsedForTheTarget() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nLABEL built=yes\n");
    Platform host = Platform.host();
    Platform other = Platform.parse(host.normalized().architecture().equals("arm64")
        ? "linux/amd64" : "linux/arm64");
    BuildException e = assertThrows(BuildException.class,
        () -> f.build(b -> b.platform(other)));
    assertTrue(e.getMessage().contains("base image hoist-test/busybox is for "
        + host.formatted() + ", not " + other.formatted()), e.getMessage());
    assertTrue(e.getMessage().contains("hoist pull --platform " + other.formatted()),
        e.getMessage());
    // for its own platform it is the base, as before
    assertEquals("yes", f.image(f.build(b -> b.platform(host)).result()).config().config()
        .labels().get("built"));
  }
}
