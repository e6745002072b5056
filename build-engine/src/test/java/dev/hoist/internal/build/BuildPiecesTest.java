package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.instructions.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a build that need no container: option parsing, keys, reasons, paths. */
class BuildPiecesTest {
  @TempDir Path tmp;

  @Test
  void secretAndOutputSpecs() {
    assertEquals(new SecretSource("npm", Path.of("/root/.npmrc"), null),
        SecretSource.parse("id=npm,src=/root/.npmrc"));
    assertEquals(new SecretSource("TOKEN", null, "TOKEN"), SecretSource.parse("id=TOKEN"));
    assertEquals(new SecretSource("t", null, "GH"), SecretSource.parse("id=t,env=GH"));
    assertThrows(IllegalArgumentException.class, () -> SecretSource.parse("src"));
    assertEquals(new OutputSpec(OutputSpec.Type.OCI, Path.of("a.tar")),
        OutputSpec.parse("type=oci,dest=a.tar"));
    assertEquals(OutputSpec.Type.LOCAL, OutputSpec.parse("out-dir").type());
    assertThrows(IllegalArgumentException.class, () -> OutputSpec.parse("type=docker"));
    assertThrows(IllegalArgumentException.class, () -> OutputSpec.parse("type=zip,dest=x"));
  }

  @Test
  void portsWorkdirsAndCommands() {
    assertEquals(List.of("80/tcp", "53/udp", "7000/tcp", "7001/tcp"),
        ConfigSteps.ports(List.of("80", "53/udp", "7000-7001")));
    assertThrows(BuildException.class, () -> ConfigSteps.ports(List.of("http")));
    assertEquals("/a/b", ConfigSteps.workdir("/a", "b"));
    assertEquals("/c", ConfigSteps.workdir("/a", "/c"));
    assertEquals("/a", ConfigSteps.workdir("/a/b", ".."));
    assertEquals("/", ConfigSteps.workdir(null, "/"));
  }

  @Test
  void runHeredocForms() {
    Run plain = (Run) Dockerfile.parse("FROM scratch\nRUN echo hi\n", "Dockerfile")
        .instructions().get(1);
    assertEquals(List.of("/bin/sh", "-c", "echo hi"), RunStep.command(plain, null).argv());
    Run script = (Run) Dockerfile.parse("FROM scratch\nRUN <<EOF\n#!/bin/ash\necho\nEOF\n",
        "Dockerfile").instructions().get(1);
    assertEquals(List.of("/dev/pipes/EOF"), RunStep.command(script, null).argv());
    Run withShell = (Run) Dockerfile.parse("FROM scratch\nRUN <<EOF\necho a\nEOF\n",
        "Dockerfile").instructions().get(1);
    assertEquals(List.of("/bin/bash", "-c", "echo a\n"),
        RunStep.command(withShell, List.of("/bin/bash", "-c")).argv());
    Run feeding = (Run) Dockerfile.parse("FROM scratch\nRUN cat <<EOF > /x\nbody\nEOF\n",
        "Dockerfile").instructions().get(1);
    assertEquals("cat <<EOF > /x\nbody\nEOF", RunStep.command(feeding, null).argv().get(2));
  }

  @Test
  void cacheKeysAndMissReasons() {
    CacheInputs a = CacheInputs.of("COPY . /", Map.of("V", "1"))
        .withFiles(Map.of("a.txt", "file 644 aa", "b.txt", "file 644 bb"));
    CacheInputs b = CacheInputs.of("COPY . /", Map.of("V", "2"))
        .withFiles(Map.of("a.txt", "file 644 a2", "c.txt", "file 644 cc"));
    assertEquals(a.key("p"), a.key("p"));
    assertNotEquals(a.key("p"), a.key("q"));
    assertNotEquals(a.key("p"), b.key("p"));
    String why = StepCache.difference(a, b);
    assertTrue(why.contains("build arg V changed (\"1\" -> \"2\")"), why);
    assertTrue(why.contains("a.txt changed"), why);
    assertTrue(why.contains("b.txt removed"), why);
    assertTrue(why.contains("c.txt added"), why);
    assertTrue(StepCache.difference(a, a).contains("gone from the cache"));
  }

  @Test
  void pathsStayInsideTheRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/../../etc"));
    assertEquals("usr/bin/x", InRoot.resolveParents(root, "/bin/x"));
    assertEquals("etc", InRoot.resolve(root, "escape"));
    assertEquals("a", SourceTree.clean("../../a/./"));
    SourceTree tree = SourceTree.of(root);
    assertEquals(List.of("usr/bin"), tree.expand("usr/b*"));
    assertEquals(List.of(), tree.expand("nothing*"));
  }

  /**
   * A RUN step may replace a parent of its mount point with a symlink to {@code /}: removing
   * the empty mount stubs from the upper directory afterwards must not follow it to the host.
   */
  @Test
  void mountStubsAreNotRemovedThroughASymlinkTheStepLeft() throws Exception {
    Path host = Files.createDirectories(tmp.resolve("host/etc"));
    Path hostFile = Files.createFile(host.resolve("empty-host-file"));
    Path upper = Files.createDirectories(tmp.resolve("upper"));
    Files.createSymbolicLink(upper.resolve("a"), tmp.resolve("host").toAbsolutePath());
    Files.createDirectories(upper.resolve("b/stub"));
    RunStep.removeMountStubs(upper, List.of(), List.of("/a/etc/empty-host-file", "/b/stub"));
    assertTrue(Files.exists(hostFile), "the host's file was removed");
    assertFalse(Files.exists(upper.resolve("b")), "the real stub goes");
  }

  @Test
  void aSecretOverBuildKitsLimitIsOneClearError() throws Exception {
    Path big = tmp.resolve("big.secret");
    Files.write(big, new byte[SecretSource.MAX_SIZE + 1]);
    BuildException e = assertThrows(BuildException.class,
        () -> new SecretSource("big", big, null).read(Map.of()));
    assertTrue(e.getMessage().contains("more than the 512000 bytes"), e.getMessage());
    Files.write(big, new byte[SecretSource.MAX_SIZE]);
    assertEquals(SecretSource.MAX_SIZE, new SecretSource("big", big, null).read(Map.of()).length);
    BuildException env = assertThrows(BuildException.class,
        () -> new SecretSource("e", null, "V").read(Map.of("V", "x".repeat(600 * 1024))));
    assertTrue(env.getMessage().contains("variable V has 614400 bytes"), env.getMessage());
  }

  @Test
  void aDockerfileOverTheLimitIsOneClearErrorBeforeItIsRead() throws Exception {
    BuildFixture f = new BuildFixture(tmp, "home");
    f.dockerfile("FROM scratch\n" + "#".repeat(Dockerfile.MAX_SIZE));
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("larger than 2 MiB"), e.getMessage());
  }

  @Test
  void mountTargetsAreUnderTheWorkingDirectory() {
    dev.hoist.dockerfile.instructions.RunMount bind =
        dev.hoist.dockerfile.instructions.RunMount.parse("type=bind");
    assertEquals("/src", RunMounts.atTarget(bind, "/src").target());
    assertEquals("/src/a", RunMounts.atTarget(
        dev.hoist.dockerfile.instructions.RunMount.parse("type=cache,target=a/"), "/src")
        .target());
    assertThrows(BuildException.class, () -> RunMounts.atTarget(bind, "/"));
    assertEquals("/abs", RunMounts.atTarget(
        dev.hoist.dockerfile.instructions.RunMount.parse("target=/abs"), "/src").target());
  }
}
