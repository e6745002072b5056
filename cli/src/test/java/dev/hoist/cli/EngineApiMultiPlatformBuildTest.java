package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.cli.DockerCliHarness.Result;
import dev.hoist.internal.runtime.Emulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-platform and foreign-platform builds through the Engine API service with the real docker
 * CLI's classic builder ({@code DOCKER_BUILDKIT=0 docker build --platform …}, which sends the
 * list as it is written): an index for a comma list, an image of another CPU for one, and the
 * build's clear refusal when no emulation handler is registered. The bases are {@link
 * ForeignBases}' (arm64 under QEMU; skipped without root, busybox-static, qemu-user-static or
 * the docker CLI).
 */
class EngineApiMultiPlatformBuildTest extends DockerCliTestBase {
  private static final String DOCKERFILE = "ARG TARGETARCH\nFROM bb:${TARGETARCH}\n";

  @BeforeAll
  void bases() throws Exception {
    ForeignBases.assumeEmulation();
    ForeignBases.importInto(api.home, dir);
  }

  /** {@code DOCKER_BUILDKIT=0 docker build ARGS .} in a context holding {@code dockerfile}. */
  private Result build(String name, String dockerfile, String... args) throws Exception {
    Path context = Files.createDirectories(dir.resolve(name));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    List<String> command = new ArrayList<>(List.of("env", "DOCKER_BUILDKIT=0", "docker",
        "build"));
    command.addAll(List.of(args));
    command.add(".");
    return api.run(context, command);
  }

  @Test
  void aTwoPlatformDockerBuildGivesAnIndexWhoseArm64ImagePrintsAarch64() throws Exception {
    String dockerfile = DOCKERFILE + "RUN uname -m > /arch\nCMD [\"cat\", \"/arch\"]\n";
    Path iid = dir.resolve("two.iid");
    Result built = build("two", dockerfile, "--platform", "linux/amd64,linux/arm64",
        "--iidfile", iid.toString(), "-t", "two:1");
    assertEquals(0, built.code(), built.all());
    // the platforms build at once: each step's lines name their platform's stage
    assertTrue(built.out().contains("[linux/arm64 stage-0] Step 2/3 : RUN"), built.all());
    assertTrue(built.out().contains("[linux/amd64 stage-0] Step 2/3 : RUN"), built.all());
    assertTrue(built.out().contains("Successfully tagged two:1"), built.all());
    // the tag names an index, and its digest is what the CLI was given as the ID
    Descriptor tagged = api.hoist.images().require("two:1");
    assertTrue(MediaTypes.isIndex(tagged.mediaType()), tagged.toString());
    String index = Files.readString(iid).strip();
    assertEquals(tagged.digest().toString(), index);
    assertTrue(built.out().contains("Successfully built " + index.substring(7, 19)),
        built.all());

    Result again = build("two", dockerfile, "-q", "--platform", "linux/amd64,linux/arm64",
        "-t", "two:1");
    assertEquals(index + "\n", again.out(), "cached: the same index, " + again.all());
    // the context was unpacked for each build: no file hashes are remembered for it
    Path hashes = api.home.resolve("cache/hashes");
    try (var files = Files.isDirectory(hashes) ? Files.list(hashes) : java.util.stream.Stream.empty()) {
      assertEquals(List.of(), files.toList());
    }

    assertEquals("aarch64\n", DockerCliHarness.hoistCli("run", "--rm", "--platform",
        "linux/arm64", "two:1").out());
    assertEquals("x86_64\n", api.dockerOk("run", "--rm", "two:1").out());
    assertEquals("x86_64\n", api.dockerOk("run", "--rm", index).out());
  }

  @Test
  void aForeignPlatformGivesThatPlatformsImage() throws Exception {
    Result built = build("one", DOCKERFILE + "RUN uname -m > /one\n", "-q", "--platform",
        "linux/arm64", "-t", "one:arm64");
    assertEquals(0, built.code(), built.all());
    String id = built.out().strip();
    assertEquals(api.hoist.images().dockerInspect("one:arm64").id(), id);
    assertEquals("arm64\n", api.dockerOk("image", "inspect", "--format", "{{.Architecture}}",
        "one:arm64").out());
    assertEquals("aarch64\n", api.dockerOk("run", "--rm", "--platform", "linux/arm64",
        "one:arm64", "cat", "/one").out());
  }

  @Test
  void aPlatformWithoutEmulationIsRefusedNamingTheFix() throws Exception {
    Platform s390x = Platform.parse("linux/s390x");
    assumeTrue(Emulation.system().handler(s390x).isEmpty(),
        "an s390x handler is registered here: skipped");
    Result refused = build("none", "FROM scratch\nRUN true\n", "--platform", "linux/s390x");
    assertEquals(1, refused.code(), refused.all());
    assertTrue(refused.err().contains("linux/s390x programs cannot run on this "
        + Platform.host().formatted() + " machine"), refused.all());
    assertTrue(refused.err().contains("qemu-user-static"), refused.all());
    assertTrue(refused.err().contains("hoist system emulation install"), refused.all());

    Result malformed = build("none", "FROM scratch\n", "--platform", "linux/amd64,linux");
    assertEquals(1, malformed.code(), malformed.all());
    assertTrue(malformed.err().contains("platform linux/amd64,linux: invalid platform \"linux\""),
        malformed.all());
  }
}
