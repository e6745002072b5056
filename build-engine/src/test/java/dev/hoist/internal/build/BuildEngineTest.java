package dev.hoist.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import dev.hoist.cache.model.Descriptor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Real builds: the busybox base image, the real shim, overlayfs (root only). */
class BuildEngineTest extends BusyboxBuildTest {
  @Test
  void configInstructionsSetTheConfigWithHistory() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        MAINTAINER someone@example.com
        ARG VERSION=1.2
        ENV APP_HOME=/srv/app PATH=/srv/app/bin:/usr/bin:/bin
        ENV LEVEL=${VERSION}
        LABEL org.example.version=$VERSION other="two words"
        EXPOSE 80 53/udp 8000-8001
        VOLUME ["/data", "/logs"]
        STOPSIGNAL SIGINT
        HEALTHCHECK --interval=5s --retries=3 CMD wget -q localhost || exit 1
        SHELL ["/bin/sh", "-ec"]
        CMD echo hello
        WORKDIR $APP_HOME
        WORKDIR sub
        USER app
        ONBUILD RUN echo triggered
        ENTRYPOINT ["/bin/sh"]
        """);
    BuildResult r = f.build().result();
    ImageConfig image = f.image(r).config();
    ContainerConfig c = image.config();
    assertEquals("someone@example.com", image.author());
    assertTrue(c.env().contains("APP_HOME=/srv/app"));
    assertTrue(c.env().contains("LEVEL=1.2"));
    assertEquals("1.2", c.labels().get("org.example.version"));
    assertEquals("two words", c.labels().get("other"));
    assertEquals(Set.of("80/tcp", "53/udp", "8000/tcp", "8001/tcp"), c.exposedPorts());
    assertEquals(Set.of("/data", "/logs"), c.volumes());
    assertEquals("SIGINT", c.stopSignal());
    assertEquals(List.of("CMD-SHELL", "wget -q localhost || exit 1"), c.healthcheck().test());
    assertEquals(5_000_000_000L, c.healthcheck().interval());
    assertEquals(3, c.healthcheck().retries());
    assertEquals(List.of("/bin/sh", "-ec"), c.shell());
    // CMD in shell form goes through the SHELL of its time; ENTRYPOINT after it keeps it
    assertEquals(List.of("/bin/sh", "-ec", "echo hello"), c.cmd());
    assertEquals(List.of("/bin/sh"), c.entrypoint());
    assertEquals("/srv/app/sub", c.workingDir());
    assertEquals("app", c.user());
    assertEquals(List.of("RUN echo triggered"), c.onBuild());
    // WORKDIR created the directory (owned by root: USER came later) in a layer of its own
    Path root = f.rootfs(r);
    assertTrue(Files.isDirectory(root.resolve("srv/app/sub")));
    List<String> createdBy = image.history().stream().map(History::createdBy).toList();
    assertTrue(createdBy.contains("ARG VERSION=1.2"), createdBy.toString());
    assertTrue(createdBy.contains("ENV LEVEL=1.2"), createdBy.toString());
    assertTrue(createdBy.contains("WORKDIR /srv/app"), createdBy.toString());
    long layers = image.history().stream().filter(h -> !h.emptyLayer()).count();
    assertEquals(image.diffIds().size(), layers, "one non-empty history entry per layer");
    assertEquals(3, image.diffIds().size(), "base + two WORKDIR directories");
  }

  @Test
  void entrypointResetsAnInheritedCmd() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox AS base
        CMD ["echo", "base"]
        FROM base
        ENTRYPOINT ["/bin/echo"]
        """);
    ContainerConfig c = f.image(f.build().result()).config().config();
    assertNull(c.cmd());
    assertEquals(List.of("/bin/echo"), c.entrypoint());
  }

  @Test
  void runWritesALayerAndDeletingALowerFileWritesAWhiteout() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN mkdir -p /opt/keep /opt/gone && echo one > /opt/keep/a && echo two > /opt/gone/b \\
            && echo x > /etc/old
        RUN rm /etc/old && rm -rf /opt/gone && echo new > /opt/keep/c && rm /bin/vi
        RUN rm -rf /opt/keep && mkdir /opt/keep && echo fresh > /opt/keep/only
        """);
    BuildResult r = f.build().result();
    List<List<String>> layers = f.layerEntries(r);
    assertEquals(4, layers.size());
    List<String> second = layers.get(2);
    assertTrue(second.contains("etc/.wh.old"), second.toString());
    assertTrue(second.contains("opt/.wh.gone"), second.toString());
    assertTrue(second.contains("bin/.wh.vi"), second.toString());
    assertTrue(second.contains("opt/keep/c"), second.toString());
    assertFalse(second.stream().anyMatch(n -> n.startsWith("proc") || n.startsWith("dev/")
        || n.equals("etc/hosts")), "mount points are not part of the layer: " + second);
    List<String> third = layers.get(3);
    assertTrue(third.contains("opt/keep/.wh..wh..opq"), third.toString());
    Path root = f.rootfs(r);
    assertFalse(Files.exists(root.resolve("etc/old")));
    assertFalse(Files.exists(root.resolve("opt/gone")));
    assertFalse(Files.exists(root.resolve("bin/vi"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(root.resolve("opt/keep/a")));
    assertEquals("fresh\n", Files.readString(root.resolve("opt/keep/only")));
  }

  /** As BuildKit: RUN steps run under Docker's default seccomp profile (mode 2: a filter). */
  @Test
  void runStepsRunUnderTheDefaultSeccompProfile() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN grep Seccomp: /proc/self/status > /seccomp
        """);
    BuildResult r = f.build(b -> { }).result();
    assertEquals("Seccomp:\t2\n", f.read(r, "seccomp"));
  }

  @Test
  void runSeesEnvArgsUserWorkdirAndShell() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        ARG FLAVOUR=plain
        ENV GREETING=hi
        WORKDIR /work
        RUN echo "$GREETING $FLAVOUR $(pwd) $(id -u)" > /work/env.txt
        USER app
        RUN id -u > /tmp/uid && echo "$HOME" > /tmp/home
        USER root
        SHELL ["/bin/sh", "-c", "echo shell-used > /tmp/shell; eval \\"$0\\""]
        RUN true
        RUN ["/bin/sh", "-c", "echo exec-form > /tmp/exec"]
        """);
    BuildResult r = f.build(b -> b.buildArg("FLAVOUR", "spicy")).result();
    assertEquals("hi spicy /work 0\n", f.read(r, "work/env.txt"));
    assertEquals("1000\n", f.read(r, "tmp/uid"));
    assertEquals("/home/app\n", f.read(r, "tmp/home"));
    assertEquals("shell-used\n", f.read(r, "tmp/shell"));
    assertEquals("exec-form\n", f.read(r, "tmp/exec"));
  }

  @Test
  void runHeredocsAsBuildkitRunsThem() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN <<EOF
        echo first > /tmp/one
        echo second >> /tmp/one
        EOF
        RUN <<EOF
        #!/bin/sh
        echo "script $0" > /tmp/two
        EOF
        RUN cat > /tmp/three <<EOT
        from heredoc
        EOT
        """);
    BuildResult r = f.build().result();
    assertEquals("first\nsecond\n", f.read(r, "tmp/one"));
    assertEquals("script /dev/pipes/EOF\n", f.read(r, "tmp/two"));
    assertEquals("from heredoc\n", f.read(r, "tmp/three"));
  }

  @Test
  void copyFollowsDockersRules() throws Exception {
    f.file("app/main.txt", "main");
    f.file("app/lib/util.txt", "util");
    f.file("notes/a.md", "a");
    f.file("notes/b.md", "b");
    f.file("notes/c.txt", "c");
    f.file("secret.key", "never");
    f.file("single.txt", "single");
    f.file(".dockerignore", "secret.key\napp/lib/ignored*\n");
    f.file("app/lib/ignored.txt", "ignored");
    f.dockerfile("""
        FROM hoist-test/busybox
        COPY app /dst/app/
        COPY notes/*.md /docs/
        COPY notes/*.md /wild
        COPY single.txt /renamed.txt
        WORKDIR /w
        COPY single.txt rel/
        COPY --chown=app:app --chmod=0640 single.txt /owned.txt
        COPY --exclude=*.txt notes /filtered/
        COPY --parents app/lib/util.txt /parents/
        COPY <<EOF /inline.txt
        inline content
        EOF
        """);
    BuildResult r = f.build().result();
    Path root = f.rootfs(r);
    assertEquals("main", Files.readString(root.resolve("dst/app/main.txt")));
    assertEquals("util", Files.readString(root.resolve("dst/app/lib/util.txt")));
    assertFalse(Files.exists(root.resolve("dst/app/lib/ignored.txt")), ".dockerignore");
    assertTrue(Files.exists(root.resolve("docs/a.md")));
    assertTrue(Files.exists(root.resolve("docs/b.md")));
    assertTrue(Files.exists(root.resolve("wild/b.md")), "two matches: a directory");
    assertFalse(Files.exists(root.resolve("docs/c.txt")));
    assertEquals("single", Files.readString(root.resolve("renamed.txt")));
    assertEquals("single", Files.readString(root.resolve("w/rel/single.txt")));
    assertEquals(1000, Files.getAttribute(root.resolve("owned.txt"), "unix:uid"));
    assertEquals(1000, Files.getAttribute(root.resolve("owned.txt"), "unix:gid"));
    assertEquals(0640, (Integer) Files.getAttribute(root.resolve("owned.txt"), "unix:mode")
        & 07777);
    assertTrue(Files.exists(root.resolve("filtered/a.md")));
    assertFalse(Files.exists(root.resolve("filtered/c.txt")), "--exclude");
    assertEquals("util", Files.readString(root.resolve("parents/app/lib/util.txt")));
    assertEquals("inline content\n", Files.readString(root.resolve("inline.txt")));

    f.dockerfile("FROM hoist-test/busybox\nCOPY secret.key /\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("secret.key"), e.getMessage());
    f.dockerfile("FROM hoist-test/busybox\nCOPY notes/a.md notes/b.md /one-file\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("must be a directory"), e.getMessage());
  }

  @Test
  void addExtractsLocalArchives() throws Exception {
    Files.write(f.context.resolve("bundle.tar.gz"), BuildFixture.tarGz());
    f.dockerfile("FROM hoist-test/busybox\nADD bundle.tar.gz /opt/\nCOPY bundle.tar.gz /raw/\n"
        + "ADD --unpack=false bundle.tar.gz /kept/\n");
    Path root = f.rootfs(f.build().result());
    assertEquals("packed", Files.readString(root.resolve("opt/pkg/inside.txt")));
    assertTrue(Files.isRegularFile(root.resolve("raw/bundle.tar.gz")), "COPY never extracts");
    assertTrue(Files.isRegularFile(root.resolve("kept/bundle.tar.gz")), "--unpack=false");
  }

  @Test
  void multiStageCopyFromAndIndependentStagesOverlap() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox AS left
        RUN sleep 1 && echo left > /left.txt
        FROM hoist-test/busybox AS right
        RUN sleep 1 && echo right > /right.txt
        FROM scratch
        COPY --from=left /left.txt /
        COPY --from=1 /right.txt /
        COPY --from=hoist-test/busybox:latest /bin/busybox /bin/
        """);
    BuildFixture.Built built = f.build();
    Path root = f.rootfs(built.result());
    assertEquals("left\n", Files.readString(root.resolve("left.txt")));
    assertEquals("right\n", Files.readString(root.resolve("right.txt")));
    assertTrue(Files.isRegularFile(root.resolve("bin/busybox")));
    var left = built.progress().step("RUN /bin/sh -c sleep 1 && echo left");
    var right = built.progress().step("RUN /bin/sh -c sleep 1 && echo right");
    assertTrue(left.startNanos() < right.endNanos() && right.startNanos() < left.endNanos(),
        "the two independent stages ran at the same time");
  }

  @Test
  void onlyTheStagesTheTargetNeedsAreBuilt() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox AS unused
        RUN exit 9
        FROM hoist-test/busybox AS wanted
        RUN echo ok > /ok
        FROM wanted AS last
        RUN exit 3
        """);
    BuildResult r = f.build(b -> b.target("wanted")).result();
    assertEquals("ok\n", f.read(r, "ok"));
  }

  @Test
  void aFirstBuildSaysSoInEveryStageOnTheSameBase() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox AS one
        RUN echo one > /one
        FROM hoist-test/busybox
        LABEL stage=two
        COPY --from=one /one /one
        """);
    BuildFixture.Built first = f.build();
    assertEquals("first build of this step", first.progress().reason("RUN /bin/sh -c echo one"));
    assertEquals("first build of this step", first.progress().reason("COPY --from=one"),
        "the second stage's base was built on earlier in the same build: still a first build");

    f.dockerfile("""
        FROM hoist-test/busybox AS one
        RUN echo one > /one
        FROM hoist-test/busybox
        LABEL stage=2
        COPY --from=one /one /one
        """);
    BuildFixture.Built edited = f.build();
    assertTrue(edited.progress().cached("RUN /bin/sh -c echo one"));
    assertTrue(edited.progress().reason("COPY --from=one")
        .startsWith("an earlier step changed: [stage-1 2/3] LABEL stage=2 is new or edited"),
        edited.progress().reason("COPY --from=one"));
  }

  @Test
  void cacheHitsMissesAndSaysWhy() throws Exception {
    f.file("a.txt", "one");
    f.file("b.txt", "bee");
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN echo base > /base
        COPY b.txt /b.txt
        COPY a.txt /a.txt
        ARG MODE=fast
        WORKDIR /w-$MODE
        RUN echo "$MODE" > /mode
        RUN cat /a.txt > /copy
        """);
    BuildFixture.Built first = f.build();
    assertFalse(first.progress().cached("RUN /bin/sh -c echo base"));
    for (String step : List.of("RUN /bin/sh -c echo base", "COPY a.txt",
        "RUN /bin/sh -c cat /a.txt")) {
      assertEquals("first build of this step", first.progress().reason(step),
          "a first build into an empty cache says so, not 'an earlier step changed'");
    }

    BuildFixture.Built second = f.build();
    for (String step : List.of("RUN /bin/sh -c echo base", "COPY b.txt", "COPY a.txt",
        "RUN /bin/sh -c echo \"$MODE\"", "RUN /bin/sh -c cat /a.txt")) {
      assertTrue(second.progress().cached(step), step + " should be cached");
    }
    assertEquals(first.result().manifest().digest(), second.result().manifest().digest(),
        "a fully cached rebuild gives the same image");

    f.file("a.txt", "two");
    BuildFixture.Built third = f.build();
    assertTrue(third.progress().cached("RUN /bin/sh -c echo base"));
    assertTrue(third.progress().cached("COPY b.txt"));
    assertFalse(third.progress().cached("COPY a.txt"));
    assertTrue(third.progress().reason("COPY a.txt").contains("a.txt changed"),
        third.progress().reason("COPY a.txt"));
    assertFalse(third.progress().cached("RUN /bin/sh -c cat /a.txt"));
    assertTrue(third.progress().reason("RUN /bin/sh -c cat /a.txt").contains("earlier step"),
        third.progress().reason("RUN /bin/sh -c cat /a.txt"));
    assertEquals("two", f.read(third.result(), "copy"));

    f.file("a.txt", "one");
    BuildFixture.Built back = f.build();
    assertTrue(back.progress().cached("COPY a.txt"), "changed back: hit again");
    assertTrue(back.progress().cached("RUN /bin/sh -c cat /a.txt"));
    assertEquals(first.result().manifest().digest(), back.result().manifest().digest());

    BuildFixture.Built arg = f.build(b -> b.buildArg("MODE", "slow"));
    assertTrue(arg.progress().cached("COPY a.txt"), "steps before the ARG's use still hit");
    assertFalse(arg.progress().cached("RUN /bin/sh -c echo \"$MODE\""));
    assertTrue(arg.progress().reason("WORKDIR /w-slow").contains("build arg MODE changed"),
        arg.progress().reason("WORKDIR /w-slow"));
    assertTrue(arg.progress().reason("RUN /bin/sh -c echo \"$MODE\"")
        .contains("build arg MODE changed (\"fast\" -> \"slow\")"),
        arg.progress().reason("RUN /bin/sh -c echo \"$MODE\""));
    assertEquals("slow\n", f.read(arg.result(), "mode"));

    BuildFixture.Built noCache = f.build(b -> b.noCache(true));
    assertFalse(noCache.progress().cached("RUN /bin/sh -c echo base"));
    assertEquals("--no-cache", noCache.progress().reason("RUN /bin/sh -c echo base"));
  }

  @Test
  void copyLinkLayersDoNotDependOnTheImageBelow() throws Exception {
    f.file("app/a.txt", "one");
    f.dockerfile("""
        FROM hoist-test/busybox
        ARG V=1
        RUN echo "$V" > /v && ln -s /elsewhere /opt
        WORKDIR /srv
        COPY --link app/ app/
        COPY --link --chown=app app/a.txt /opt/a.txt
        COPY app/a.txt /plain.txt
        """);
    BuildFixture.Built first = f.build();
    assertEquals("one", f.read(first.result(), "srv/app/a.txt"));

    BuildFixture.Built second = f.build(b -> b.buildArg("V", "2"));
    assertFalse(second.progress().cached("RUN /bin/sh -c echo"));
    assertTrue(second.progress().cached("COPY --link app/ app/"),
        "an earlier step changed, but a --link layer does not depend on it");
    assertTrue(second.progress().cached("COPY --chown=app --link"));
    assertFalse(second.progress().cached("COPY app/a.txt /plain.txt"),
        "a plain COPY depends on the image below");
    List<Descriptor> a = f.image(first.result()).manifest().layers();
    List<Descriptor> b = f.image(second.result()).manifest().layers();
    assertEquals(a.get(a.size() - 3), b.get(b.size() - 3), "the same layer, placed again");
    assertEquals(a.get(a.size() - 2), b.get(b.size() - 2));
    assertEquals("2\n", f.read(second.result(), "v"));
    assertEquals("one", f.read(second.result(), "srv/app/a.txt"));

    // laid out on an empty root: /opt is a directory of its own in the layer, not the base's
    // symlink followed; --chown by name is still resolved in the image below
    List<String> linkLayer = f.layerEntries(second.result()).get(b.size() - 2);
    assertTrue(linkLayer.stream().anyMatch(e -> e.startsWith("opt/a.txt")), linkLayer.toString());
    assertTrue(linkLayer.stream().noneMatch(e -> e.startsWith("elsewhere")), linkLayer.toString());

    f.file("app/a.txt", "two");
    BuildFixture.Built third = f.build(b2 -> b2.buildArg("V", "2"));
    assertFalse(third.progress().cached("COPY --link app/ app/"));
    assertTrue(third.progress().reason("COPY --link app/ app/").contains("app/a.txt changed"),
        third.progress().reason("COPY --link app/ app/"));
    assertEquals("two", f.read(third.result(), "srv/app/a.txt"));
  }

  @Test
  void cacheSurvivesANewEngineOnTheSameHome() throws Exception {
    f.file("a.txt", "one");
    f.dockerfile("FROM hoist-test/busybox\nCOPY a.txt /\nRUN cat /a.txt > /b\n");
    BuildResult first = f.build().result();
    BuildFixture again = new BuildFixture(tmp, "home");
    BuildFixture.Built second = again.build();
    assertTrue(second.progress().cached("RUN /bin/sh -c cat /a.txt"));
    assertEquals(first.manifest().digest(), second.result().manifest().digest());
  }

  @Test
  void secretsNeverReachALayerOrTheHistory() throws Exception {
    Path secret = tmp.resolve("token.txt");
    Files.writeString(secret, "s3cr3t-from-file");
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN --mount=type=secret,id=token \\
            test "$(cat /run/secrets/token)" = "s3cr3t-from-$(echo file)" \\
            && cp /run/secrets/token /dev/null && echo used > /used
        RUN --mount=type=secret,id=envtok,env=TOKEN test "$TOKEN" = "s3cr3t-from-$(echo env)" \\
            && echo env-used > /env-used
        RUN test ! -e /run/secrets/token && echo gone > /gone
        """);
    BuildResult r = f.build(b -> b.secret(new SecretSource("token", secret, null))
        .secret(new SecretSource("envtok", null, "TOKEN_VAR"))).result();
    assertEquals("used\n", f.read(r, "used"));
    assertEquals("env-used\n", f.read(r, "env-used"));
    assertEquals("gone\n", f.read(r, "gone"));
    String all = f.everything(r);
    assertFalse(all.contains("s3cr3t-from-file"));
    assertFalse(all.contains("s3cr3t-from-env"));
    assertFalse(f.layerEntries(r).stream().flatMap(List::stream)
        .anyMatch(n -> n.startsWith("run/")), "no secret mount point in a layer");
    try (var files = Files.walk(f.store.home().buildCache())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(p),
            java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("s3cr3t-from-file") || text.contains("s3cr3t-from-env"),
            "secret in the cache: " + p);
      }
    }
  }

  /**
   * A secret's file is 0400 in directories only root can traverse, and a build killed while its
   * RUN step has it (SIGKILL: nothing of its own clean-up runs) leaves it only until the next
   * build starts.
   */
  @Test
  void aKilledBuildsSecretGoesWithTheNextBuild() throws Exception {
    Path secret = tmp.resolve("token.txt");
    Files.writeString(secret, "s3cr3t-from-file");
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=secret,id=token sleep 2\n");
    Process child = dev.hoist.fixtures.ChildJvm.start(BuildProcess.class, tmp.toString(),
        secret.toString());
    Path work = f.store.home().buildCache().resolve("tmp");
    Path file = null;
    for (int i = 0; i < 600 && file == null; i++) {
      Thread.sleep(50);
      if (Files.isDirectory(work)) {
        try (var files = Files.walk(work)) {
          file = files.filter(p -> p.getFileName().toString().equals("secret")
              && p.getParent().getParent().getFileName().toString().equals("secrets"))
              .findFirst().orElse(null);
        } catch (java.io.UncheckedIOException | java.io.IOException raced) {
          // the build is creating or removing directories: look again
        }
      }
    }
    assertTrue(file != null, "the child build never mounted its secret");
    assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("r--------"),
        Files.getPosixFilePermissions(file));
    assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(work));
    child.destroyForcibly();
    assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(Files.exists(file), "a SIGKILLed build cleans nothing up itself");
    Thread.sleep(2500); // its step's container ends (it outlives a SIGKILLed build)
    // and, on a loaded machine that started it late, every process run from the killed build's
    // directories (its shim) has ended too before the next build looks (30 s at most)
    String workDir = work.toString();
    for (int i = 0; i < 300 && ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
        .orElse("").contains(workDir)); i++) {
      Thread.sleep(100);
    }
    f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
    f.build();
    assertFalse(Files.exists(file), "the killed build's secret is still on disk");
  }

  @Test
  void cacheMountPersistsAcrossBuildsAndStaysOutOfLayers() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        RUN --mount=type=cache,target=/var/cache/app echo run >> /var/cache/app/count \\
            && wc -l < /var/cache/app/count > /count
        """);
    f.build();
    BuildResult second = f.build(b -> b.noCache(true)).result();
    assertEquals("2", f.read(second, "count").trim());
    assertFalse(f.layerEntries(second).stream().flatMap(List::stream)
        .anyMatch(n -> n.startsWith("var/cache")), "the cache mount is not in a layer");
  }

  @Test
  void bindAndTmpfsMounts() throws Exception {
    f.file("src/input.txt", "from-context");
    f.dockerfile("""
        FROM hoist-test/busybox AS other
        RUN echo from-stage > /made.txt && mkdir -p /real && echo linked > /real/f \\
            && ln -s /real /abs-link && ln -s /etc /host-etc
        FROM hoist-test/busybox
        RUN --mount=type=bind,source=src,target=/in cat /in/input.txt > /a
        RUN --mount=type=bind,from=other,source=/made.txt,target=/m.txt cat /m.txt > /b
        RUN --mount=type=bind,from=other,source=/abs-link/f,target=/l.txt cat /l.txt > /d
        COPY --from=other /abs-link/f /host-etc/passwd /from-links/
        COPY --from=other /abs-link /followed/
        RUN --mount=type=tmpfs,target=/scratch,size=1m echo t > /scratch/x && cat /scratch/x > /c \\
            && grep -q ' /scratch tmpfs ' /proc/mounts
        """);
    BuildResult r = f.build().result();
    assertEquals("from-context", f.read(r, "a"));
    assertEquals("from-stage\n", f.read(r, "b"));
    assertEquals("t\n", f.read(r, "c"));
    assertEquals("linked\n", f.read(r, "d"));
    assertEquals("linked\n", f.read(r, "from-links/f"));
    assertEquals("linked\n", f.read(r, "followed/f"), "a symlink source is followed");
    assertTrue(f.read(r, "from-links/passwd").contains("app:x:1000"),
        "a link to /etc in the stage means the stage's /etc, not the host's");
    assertFalse(f.layerEntries(r).stream().flatMap(List::stream)
        .anyMatch(n -> n.startsWith("in/") || n.startsWith("scratch")));
  }

  @Test
  void sameDigestFromTwoCleanStores() throws Exception {
    f.file("a.txt", "one");
    f.dockerfile("FROM hoist-test/busybox\nCOPY a.txt /\nRUN echo $((1+1)) > /two\nENV X=1\n");
    Optional<Instant> epoch = Optional.of(Instant.parse("2024-06-01T00:00:00Z"));
    BuildResult one = f.build(b -> b.sourceDateEpoch(epoch)).result();
    BuildFixture other = new BuildFixture(tmp, "home2").withBusybox();
    BuildResult two = other.build(b -> b.sourceDateEpoch(epoch)).result();
    assertEquals(one.manifest().digest(), two.manifest().digest());
    assertEquals("2024-06-01T00:00:00Z", one.config().created());

    f.dockerfile("FROM hoist-test/busybox\nCOPY a.txt /\nENV X=1\n");
    BuildResult copyOnly1 = f.build().result();
    BuildFixture third = new BuildFixture(tmp, "home3").withBusybox();
    BuildResult copyOnly2 = third.build().result();
    assertEquals(copyOnly1.manifest().digest(), copyOnly2.manifest().digest(),
        "COPY-only images are reproducible without SOURCE_DATE_EPOCH");
  }

  @Test
  void aFailingRunEndsTheBuildWithItsExitCodeAndOutput() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN echo about to fail; echo oops >&2; exit 7\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertEquals(7, e.exitCode());
    assertTrue(e.getMessage().contains("exit code 7"), e.getMessage());
    assertTrue(e.getMessage().contains("oops"), e.getMessage());
  }

  /**
   * Two steps that make the same layer give an image with that layer twice; a RUN on top of it
   * mounted the same snapshot twice as a lower directory, which overlayfs refuses (ELOOP).
   */
  @Test
  void aRunOnAnImageWithTheSameLayerTwiceRuns() throws Exception {
    f.file("same.txt", "same");
    f.dockerfile("FROM hoist-test/busybox\nCOPY same.txt /same.txt\nCOPY same.txt /same.txt\n"
        + "RUN cat /same.txt > /seen.txt\n");
    BuildResult r = f.build().result();
    List<String> layers = f.image(r).manifest().layers().stream()
        .map(l -> l.digest().toString()).toList();
    assertEquals(layers.get(layers.size() - 2), layers.get(layers.size() - 3),
        "the two COPY steps make one layer: " + layers);
    assertEquals("same", f.read(r, "seen.txt"));
  }

  /** A RUN step writes to its own copies of /etc/hosts and /etc/resolv.conf, never the host's. */
  @Test
  void aRunStepCannotWriteTheHostsEtcFiles() throws Exception {
    List<Path> files = List.of(Path.of("/etc/hosts"), Path.of("/etc/resolv.conf"));
    List<byte[]> before = new java.util.ArrayList<>();
    for (Path file : files) {
      org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file),
          file + " is missing on the host: skipped");
      before.add(Files.readAllBytes(file));
    }
    f.dockerfile("FROM hoist-test/busybox\nRUN echo '# written by a build' >> /etc/hosts;"
        + " echo '# written by a build' >> /etc/resolv.conf; true\n");
    try {
      f.build();
    } finally {
      List<Path> written = new java.util.ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (!java.util.Arrays.equals(before.get(i), Files.readAllBytes(files.get(i)))) {
          Files.write(files.get(i), before.get(i)); // the host's file back as it was
          written.add(files.get(i));
        }
      }
      assertEquals(List.of(), written, "the build wrote to the host's files");
    }
  }

  /** A build killed while it wrote a blob or unpacked a snapshot leaves temporary files. */
  @Test
  void aBuildRemovesWhatAKilledBuildWasWriting() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertEquals(0, gone.waitFor());
    java.time.Instant old = java.time.Instant.now().minusSeconds(120);
    Path blobTemp = Files.createDirectories(f.store.home().blobs().resolve("sha256"))
        .resolve(".tmp-" + gone.pid() + "-" + java.util.UUID.randomUUID());
    Files.writeString(blobTemp, "half a blob");
    Path snapshotTemp = Files.createDirectories(f.store.home().snapshots()
        .resolve(".tmp-" + gone.pid() + "-" + java.util.UUID.randomUUID()).resolve("etc"));
    for (Path p : List.of(blobTemp, snapshotTemp, snapshotTemp.getParent())) {
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(old));
    }
    f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
    f.build();
    assertFalse(Files.exists(blobTemp), "the killed build's blob");
    assertFalse(Files.exists(snapshotTemp.getParent()), "the killed build's snapshot");
  }

  /** The runtime's own failure is not reported as the command's exit status 125. */
  @Test
  void aRunWhoseContainerCannotStartSaysWhatFailed() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN --mount=type=tmpfs,target=/bin/busybox true\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().startsWith("RUN could not start its container (Dockerfile:2): "
        + "hoist-shim"), e.getMessage());
    assertTrue(e.getMessage().contains("/bin/busybox"), e.getMessage());
    assertFalse(e.getMessage().contains("exit code"), e.getMessage());
  }

  @Test
  void contextAsATar() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String[] file : new String[][] {
          {"Dockerfile", "FROM hoist-test/busybox\nCOPY hello.txt /\n"},
          {"hello.txt", "from a tar"}}) {
        byte[] content = file[1].getBytes();
        TarArchiveEntry e = new TarArchiveEntry(file[0]);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    try (BuildContext context = f.engine.openContext("-",
        new ByteArrayInputStream(bytes.toByteArray()), line -> { })) {
      BuildResult r = f.engine.build(BuildRequest.builder(context.directory()).build(),
          BuildProgress.silent());
      assertEquals("from a tar", f.read(r, "hello.txt"));
    }
  }

  @Test
  void onbuildTriggersRunWhenTheImageIsABase() throws Exception {
    f.file("trigger.txt", "t");
    f.dockerfile("""
        FROM hoist-test/busybox
        ONBUILD COPY trigger.txt /from-trigger.txt
        ONBUILD RUN echo ran > /trigger-ran
        """);
    f.build(b -> b.tag("hoist-test/onbuild:1"));
    f.dockerfile("FROM hoist-test/onbuild:1\nRUN cat /trigger-ran > /seen\n");
    BuildResult r = f.build().result();
    assertEquals("ran\n", f.read(r, "seen"));
    assertEquals("t", f.read(r, "from-trigger.txt"));
    assertNull(f.image(r).config().config().onBuild(), "triggers are not inherited further");
  }

  @Test
  void labelsTagsAndOutputs() throws Exception {
    f.dockerfile("FROM hoist-test/busybox\nRUN echo x > /x\n");
    Path oci = tmp.resolve("out.tar");
    Path local = tmp.resolve("local");
    BuildResult r = f.build(b -> b.tag("hoist-test/app:1").tag("hoist-test/app:latest")
        .label("built.by", "test").output(new OutputSpec(OutputSpec.Type.OCI, oci))).result();
    assertEquals("test", f.image(r).config().config().labels().get("built.by"));
    assertEquals(r.manifest().digest(), f.store.resolve("hoist-test/app:1").orElseThrow().digest());
    assertTrue(Files.size(oci) > 0);
    f.build(b -> b.output(new OutputSpec(OutputSpec.Type.LOCAL, local)));
    assertEquals("x\n", Files.readString(local.resolve("x")));
  }

  @Test
  void userErrorsAreClear() throws Exception {
    f.dockerfile("FROM hoist-test/missing:1\n");
    BuildException e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("hoist-test/missing:1"), e.getMessage());
    f.dockerfile("FROM hoist-test/busybox\nRUN echo x\nCOPY nothing.txt /\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("nothing.txt"), e.getMessage());
    f.dockerfile("FROM hoist-test/busybox\nCOPPY x /\n");
    e = assertThrows(BuildException.class, () -> f.build());
    assertTrue(e.getMessage().contains("Dockerfile:2"), e.getMessage());
    assertNotEquals("", e.getMessage());
  }

  @Test
  void concurrentBuildsShareOneHome() throws Exception {
    f.file("a.txt", "one");
    f.dockerfile("FROM hoist-test/busybox\nCOPY a.txt /\nRUN cat /a.txt > /b && sleep 0.5\n");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> f.build().result());
      var second = pool.submit(() -> f.build().result());
      BuildResult a = first.get();
      BuildResult b = second.get();
      assertEquals("one", f.read(a, "b"));
      assertEquals("one", f.read(b, "b"));
    } finally {
      pool.shutdownNow();
    }
    BuildFixture.Built third = f.build();
    assertTrue(third.progress().cached("RUN /bin/sh -c cat /a.txt"));
  }

  @Test
  void workDirectoriesOfDeadBuildsAreRemoved() throws Exception {
    Path tmpDirs = f.store.home().buildCache().resolve("tmp");
    Path abandoned = Files.createDirectories(tmpDirs.resolve("abandoned"));
    Files.writeString(abandoned.resolve(".owner"), "999999999 2020-01-01T00:00:00Z");
    Path mine = WorkDirs.create(tmpDirs);
    f.dockerfile("FROM hoist-test/busybox\nRUN true\n");
    f.build();
    assertFalse(Files.exists(abandoned), "a dead build's work directory is removed");
    assertTrue(Files.exists(mine), "a live process's work directory is kept");
    try (var left = Files.list(tmpDirs)) {
      assertEquals(List.of(mine), left.toList(), "the build removed its own");
    }
  }

  @Test
  void networkNoneAndWorkdirOwnedByUser() throws Exception {
    f.dockerfile("""
        FROM hoist-test/busybox
        USER app
        WORKDIR /home/app/project
        RUN --network=none ls /sys/class/net > /home/app/project/nets
        """);
    BuildResult r = f.build().result();
    assertEquals("lo", f.read(r, "home/app/project/nets").strip());
    Path root = f.rootfs(r);
    assertEquals(1000, Files.getAttribute(root.resolve("home/app/project"), "unix:uid"));
  }
}
