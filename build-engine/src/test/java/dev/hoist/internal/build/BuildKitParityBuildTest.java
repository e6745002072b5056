package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.History;
import dev.hoist.dockerfile.stages.ImageDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real builds (busybox base, the real shim, root only) of the smallest Dockerfiles on which hoist
 * and BuildKit disagreed (issue 11), each checked against what BuildKit's dockerfile2llb does.
 */
class BuildKitParityBuildTest extends BusyboxBuildTest {
  private List<String> createdBy(BuildResult r) throws Exception {
    return f.image(r).config().history().stream().map(History::createdBy).toList();
  }

  @Test
  void bindMountWithoutTargetIsTheContextAtTheWorkingDirectory() throws Exception {
    f.file("hello.txt", "from the context");
    f.dockerfile("""
        FROM hoist-test/busybox
        WORKDIR /src
        RUN --mount=type=bind cat hello.txt > /seen
        RUN --mount=type=bind,source=hello.txt,target=rel.txt cat /src/rel.txt > /rel
        """);
    BuildResult r = f.build().result();
    assertEquals("from the context", f.read(r, "seen"));
    assertEquals("from the context", f.read(r, "rel"));
    assertFalse(f.layerEntries(r).stream().flatMap(List::stream)
        .anyMatch(n -> n.startsWith("src/hello.txt")), "the mount is not in a layer");
  }

  @Test
  void bindMountWithoutTargetInTheRootDirectoryIsRefusedAsInBuildKit() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=bind ls\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("invalid mount target \"/\""), e.getMessage());
  }

  @Test
  void scratchHasWorkingDirRootAndTheDefaultPath() throws Exception {
    f.dockerfile("FROM scratch\nENV PATH=/x:$PATH\n");
    ContainerConfig c = f.image(f.build().result()).config().config();
    assertEquals("/", c.workingDir());
    assertEquals(List.of("PATH=/x:" + ImageDefaults.PATH), c.env());
  }

  @Test
  void aBaseImageWithoutPathGetsTheDefaultPathInItsConfig() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nENV PATH=/x:$PATH\nRUN echo $PATH > /path\n");
    BuildResult r = f.build().result();
    assertEquals("/x:" + ImageDefaults.PATH + "\n", f.read(r, "path"));
    assertTrue(f.image(r).config().config().env().contains("PATH=/x:" + ImageDefaults.PATH));
  }

  @Test
  void anArgAfterAnEnvOfTheSameNameWinsInRunAndExpansionNotInTheConfig() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        ENV A=env
        ARG A=arg
        RUN echo $A > /a
        ENV B=$A
        ENV A=again
        RUN echo $A > /again
        """);
    BuildResult r = f.build().result();
    assertEquals("arg\n", f.read(r, "a"));
    assertEquals("again\n", f.read(r, "again"));
    List<String> env = f.image(r).config().config().env();
    assertTrue(env.contains("B=arg"), env.toString());
    assertTrue(env.contains("A=again"), env.toString());
  }

  @Test
  void aStageBuiltFromAnotherInheritsItsArgs() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox AS base
        ARG V=1
        FROM base
        RUN echo "v=$V" > /v
        """);
    BuildResult r = f.build().result();
    assertEquals("v=1\n", f.read(r, "v"));
    assertTrue(createdBy(r).contains("RUN |1 V=1 /bin/sh -c echo \"v=$V\" > /v # buildkit"),
        createdBy(r).toString());
  }

  @Test
  void runHistoryHasBuildKitsArgPrefix() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        ARG A=1
        ARG B
        ARG C
        ENV C=fromenv
        RUN true
        """);
    BuildResult r = f.build(b -> b.buildArg("B", "2")).result();
    assertTrue(createdBy(r).contains("RUN |3 A=1 B=2 C=fromenv /bin/sh -c true # buildkit"),
        createdBy(r).toString());
  }

  @Test
  void runWithoutArgsHasNoPrefix() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
    assertTrue(createdBy(f.build().result()).contains("RUN /bin/sh -c true # buildkit"));
  }

  @Test
  void proxyBuildArgsReachRunWithoutArgButNotTheHistoryOrTheCacheKey() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN echo \"$HTTP_PROXY $http_proxy $no_proxy\" > /p\n");
    BuildFixture.Built first = f.build(b -> b.buildArg("http_proxy", "http://proxy.lan:3128")
        .buildArg("NO_PROXY", "localhost"));
    assertEquals("http://proxy.lan:3128 http://proxy.lan:3128 localhost\n",
        f.read(first.result(), "p"));
    assertFalse(String.join("\n", createdBy(first.result())).contains("proxy.lan"));
    assertFalse(f.image(first.result()).config().config().env().stream()
        .anyMatch(e -> e.contains("proxy")));
    BuildFixture.Built second = f.build(b -> b.buildArg("http_proxy", "http://other:8080"));
    assertTrue(second.progress().cached("RUN"), "a proxy change is no cache miss");
  }

  @Test
  void dockerConfigProxiesAreBuildArgs() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("docker-config"));
    Files.writeString(config.resolve("config.json"),
        "{\"proxies\": {\"default\": {\"httpsProxy\": \"http://conf.lan:3128\"}}}");
    BuildEngine engine = new BuildEngine(f.store, new LocalBaseImages(f.store),
        Map.of("DOCKER_CONFIG", config.toString()));
    f.dockerfile("FROM hoist-test/busybox\nRUN echo \"$HTTPS_PROXY $https_proxy\" > /p\n");
    BuildResult r = engine.build(BuildRequest.builder(f.context).build(), BuildProgress.silent());
    assertEquals("http://conf.lan:3128 http://conf.lan:3128\n", f.read(r, "p"));
  }

  @Test
  void onbuildRunHeredocKeepsItsBody() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        ONBUILD RUN <<EOF
        echo from-heredoc > /hd
        EOF
        """);
    f.build(b -> b.tag("hoist-test/onbuild-heredoc:1"));
    f.dockerfile("FROM hoist-test/onbuild-heredoc:1\nRUN cat /hd > /seen\n");
    assertEquals("from-heredoc\n", f.read(f.build().result(), "seen"));
  }

  @Test
  void triggerErrorsNameTheFromAndLaterLinesKeepTheirNumbers() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nONBUILD RUN echo one\nONBUILD COPY onlyone\n");
    f.build(b -> b.tag("hoist-test/onbuild-bad:1"));
    f.dockerfile("# comment\nFROM hoist-test/onbuild-bad:1\nRUN true\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("Dockerfile:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("COPY requires at least two arguments"), e.getMessage());

    f.dockerfile("FROM hoist-test/busybox\nONBUILD RUN echo one\nONBUILD RUN echo two\n");
    f.build(b -> b.tag("hoist-test/onbuild-two:1"));
    f.dockerfile("# comment\nFROM hoist-test/onbuild-two:1\nRUN exit 3\n");
    BuildException failed = assertThrows(BuildException.class, () -> f.build());
    assertTrue(failed.getMessage().contains("Dockerfile:3:"), failed.getMessage());
  }
}
