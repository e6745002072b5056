package dev.hoist.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.image.ProgressListener;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.RegistryProcess;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API over a real store, the real registry process and real containers (hoist's shim,
 * root and a static busybox; skipped with a message otherwise).
 */
class EmbeddedHoistTest {
  @TempDir Path dir;

  /** What a listener heard, in order. */
  static final class Heard implements HoistListener {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void stepStarted(String step) {
      lines.add("step " + step);
    }

    @Override
    public void stepOutput(String step, String line) {
      lines.add("output " + line);
    }

    @Override
    public void stepFinished(String step, boolean cached, Duration took) {
      lines.add("finished " + step + (cached ? " CACHED" : ""));
    }

    @Override
    public void note(String line) {
      lines.add("note " + line);
    }

    @Override
    public ProgressListener blobs() {
      return new ProgressListener() {
        @Override
        public void finished(Descriptor blob, String outcome) {
          lines.add("blob " + outcome);
        }
      };
    }

    @Override
    public void warning(String message) {
      lines.add("warning " + message);
    }
  }

  private EmbeddedHoist open(String name, HoistListener listener) {
    return EmbeddedHoist.builder().home(dir.resolve(name)).environment(Map.of())
        .hostRegistrySettings(false).listener(listener).open();
  }

  /** Imports the busybox fixture as {@code name}. */
  private InspectedImage importBusybox(EmbeddedHoist hoist, String name) throws Exception {
    Path tar = BusyboxRootfs.tar(Files.createTempDirectory(dir, "busybox"));
    try (InputStream in = Files.newInputStream(tar)) {
      return hoist.importImage(in, name);
    }
  }

  private static Path context(Path dir, String dockerfile) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    Files.writeString(dir.resolve("greeting.txt"), "hello from the context\n");
    return dir;
  }

  @Test
  void openingWritesTheHomesLayoutAndAClosedInstanceRefusesCalls() {
    EmbeddedHoist hoist = open("home", HoistListener.NONE);
    assertEquals(dir.resolve("home"), hoist.home());
    assertTrue(Files.isDirectory(dir.resolve("home/blobs")), "the store's layout is written");
    assertEquals(List.of(), hoist.images());
    hoist.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, hoist::images);
    assertEquals("this EmbeddedHoist is closed", e.getMessage());
  }

  @Test
  void buildsADockerfileWithRunStepsPushesItAndPrintsNothing() throws Exception {
    BusyboxRootfs.assumeUsable("Java API build tests", "RUN steps run in namespaces");
    ExternalTools.assumeRegistry();
    Heard heard = new Heard();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (RegistryProcess registry = RegistryProcess.start();
        EmbeddedHoist hoist = open("home", heard)) {
      importBusybox(hoist, "base:1");
      Path context = context(dir.resolve("ctx"), """
          FROM base:1 AS build
          ARG WHO=nobody
          COPY greeting.txt /greeting.txt
          RUN echo "built for $WHO" > /built.txt && cat /built.txt
          FROM build AS final
          LABEL stage=final
          FROM build AS other
          RUN exit 3
          """);
      String name = registry.host() + "/team/app:1";
      System.setOut(new PrintStream(printed, true));
      System.setErr(new PrintStream(printed, true));
      BuiltImage built;
      PushedImage pushed;
      try {
        built = hoist.build(DockerfileBuild.builder(context).tag(name).buildArg("WHO", "the api")
            .target("final").noCache(true).platform(Platform.host())
            .network(RunNetwork.NONE).build());
        pushed = hoist.push(name);
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      assertEquals("", printed.toString(StandardCharsets.UTF_8), "the library prints nothing");
      assertTrue(heard.lines.contains("output built for the api"), heard.lines.toString());
      assertTrue(heard.lines.stream().anyMatch(l -> l.startsWith("step [build 4/4] RUN ")),
          heard.lines.toString());
      assertTrue(heard.lines.stream().anyMatch(l -> l.startsWith("finished [build 4/4] RUN ")
          && !l.endsWith("CACHED")), "--no-cache: the RUN step ran " + heard.lines);
      assertTrue(heard.lines.contains("blob Pushed"), heard.lines.toString());
      assertEquals(List.of(name), built.tags());
      assertEquals(built.manifest().digest(), pushed.digest());

      Heard pulling = new Heard();
      try (EmbeddedHoist other = open("other", pulling)) {
        InspectedImage pulled = other.pull(name);
        assertTrue(pulling.lines.contains("note pull " + name + " from " + registry.host()),
            pulling.lines.toString());
        assertTrue(pulling.lines.contains("blob Pull complete"), pulling.lines.toString());
        assertEquals(built.manifest().digest(), pulled.manifest().digest());
        assertEquals(built.imageId(), pulled.imageId());
        assertEquals("final", pulled.labels().get("stage"));
      }
    }
  }

  @Test
  void aFailingRunIsABuildExceptionWithItsDockerfileLineAndExitCode() throws Exception {
    BusyboxRootfs.assumeUsable("Java API build tests", "RUN steps run in namespaces");
    try (EmbeddedHoist hoist = open("home", HoistListener.NONE)) {
      importBusybox(hoist, "base:1");
      Path context = context(dir.resolve("ctx"), """
          FROM base:1

          RUN true
          RUN echo failing; exit 3
          """);
      HoistBuildException e = assertThrows(HoistBuildException.class, () -> hoist.build(
          DockerfileBuild.builder(context).network(RunNetwork.NONE).build()));
      assertEquals(4, e.line());
      assertEquals(3, e.exitCode());
      assertTrue(e.file().orElseThrow().endsWith("Dockerfile"), e.file().toString());
      assertTrue(e.getMessage().contains("failing"), e.getMessage());
    }
  }

  @Test
  void aDockerfileErrorIsABuildExceptionWithItsLine() throws Exception {
    BusyboxRootfs.assumeUsable("Java API build tests", "the base image is the busybox fixture");
    try (EmbeddedHoist hoist = open("home", HoistListener.NONE)) {
      importBusybox(hoist, "base:1");
      Path context = context(dir.resolve("ctx"), "FROM base:1\nCOPY\n");
      HoistBuildException e = assertThrows(HoistBuildException.class,
          () -> hoist.build(DockerfileBuild.builder(context).build()));
      assertEquals(2, e.line(), e.getMessage());
    }
  }

  @Test
  void pullInspectTagListAndRemoveAnImage() throws Exception {
    assumeTrue(Files.isExecutable(BusyboxRootfs.BUSYBOX), "needs a static /bin/busybox "
        + "(apt-get install busybox-static): skipped");
    ExternalTools.assumeRegistry();
    try (RegistryProcess registry = RegistryProcess.start();
        EmbeddedHoist source = open("source", HoistListener.NONE);
        EmbeddedHoist hoist = open("home", HoistListener.NONE)) {
      importBusybox(source, "base:1");
      // config-only steps: no container runs, no root needed
      Path context = context(dir.resolve("ctx"), """
          FROM base:1
          ENV GREETING=hello PATH=/bin
          WORKDIR /srv
          LABEL org.example.team=api
          ENTRYPOINT ["/bin/sh", "-c"]
          CMD ["echo $GREETING"]
          """);
      String remote = registry.host() + "/team/config:1";
      BuiltImage built = source.build(DockerfileBuild.builder(context).tag(remote).build());
      source.push(remote);

      InspectedImage pulled = hoist.pull(remote);
      assertEquals(built.manifest().digest(), pulled.manifest().digest());
      assertEquals(built.imageId(), pulled.imageId());
      assertEquals(Platform.host().normalized(), pulled.platform().normalized());
      assertTrue(pulled.env().contains("GREETING=hello"), pulled.env().toString());
      assertEquals(List.of("/bin/sh", "-c"), pulled.entrypoint());
      assertEquals(List.of("echo $GREETING"), pulled.cmd());
      assertEquals("/srv", pulled.workingDir());
      assertEquals("api", pulled.labels().get("org.example.team"));
      assertEquals(2, pulled.layers().size(), "the base's and WORKDIR's");
      assertEquals(pulled.config().diffIds().size(), pulled.layers().size());

      hoist.tag(remote, "local/copy:2");
      InspectedImage tagged = hoist.inspect("local/copy:2");
      assertEquals(pulled.manifest().digest(), tagged.manifest().digest());
      List<ListedImage> listed = hoist.images();
      assertEquals(List.of(Optional.of(remote), Optional.of("local/copy:2")),
          listed.stream().map(ListedImage::name).sorted(
              java.util.Comparator.comparing(n -> n.orElse(""))).toList());
      assertTrue(listed.stream().allMatch(l -> l.imageId().equals(built.imageId().toString())));

      assertEquals(List.of("local/copy:2"), hoist.removeImage("local/copy:2"));
      assertThrows(HoistNotFoundException.class, () -> hoist.inspect("local/copy:2"));
      assertEquals(pulled.manifest().digest(), hoist.inspect(remote).manifest().digest(),
          "the other name keeps the image");
      HoistNotFoundException e = assertThrows(HoistNotFoundException.class,
          () -> hoist.removeImage("local/absent:1"));
      assertTrue(e.getMessage().contains("local/absent:1"), e.getMessage());
    }
  }

  @Test
  void registryFailuresCarryTheirCode() throws Exception {
    assumeTrue(Files.isExecutable(BusyboxRootfs.BUSYBOX), "needs a static /bin/busybox "
        + "(apt-get install busybox-static): skipped");
    ExternalTools.assumeRegistry();
    ExternalTools.assumeHtpasswd();
    try (RegistryProcess registry = RegistryProcess.startWithBasicAuth(Map.of("ci", "s3cret"))) {
      String remote = registry.host() + "/team/box:1";
      try (EmbeddedHoist wrong = EmbeddedHoist.builder().home(dir.resolve("wrong"))
          .environment(Map.of()).hostRegistrySettings(false)
          .credentials(registry.host(), "ci", "not the password").open()) {
        importBusybox(wrong, remote);
        HoistRegistryException e = assertThrows(HoistRegistryException.class,
            () -> wrong.push(remote));
        assertEquals(HoistRegistryException.Code.UNAUTHORIZED, e.code());
        assertFalse(e.getMessage().contains("not the password"), e.getMessage());
      }
      try (EmbeddedHoist right = EmbeddedHoist.builder().home(dir.resolve("right"))
          .environment(Map.of()).hostRegistrySettings(false)
          .credentials(registry.host(), "ci", "s3cret").open()) {
        InspectedImage local = importBusybox(right, remote);
        assertEquals(local.manifest().digest(), right.push(remote).digest());
        HoistRegistryException missing = assertThrows(HoistRegistryException.class,
            () -> right.pull(registry.host() + "/team/absent:1"));
        assertEquals(HoistRegistryException.Code.NOT_FOUND, missing.code());
        assertEquals(HoistRegistryException.Code.NOT_FOUND, assertThrows(
            HoistRegistryException.class, () -> right.push("local/absent:1", remote)).code());
      }
    }
  }

  @Test
  void runGivesTheExitCodeAndOutputOfAnAttachedContainerAndRemovesIt() throws Exception {
    BusyboxRootfs.assumeUsable("Java API container tests", "namespaces, overlayfs");
    try (EmbeddedHoist hoist = open("home", HoistListener.NONE)) {
      importBusybox(hoist, "box:1");
      CompletedRun run = hoist.run(ContainerRequest.builder("box:1")
          .command("sh", "-c", "echo \"$WHO in $(pwd)\"; echo oops >&2; exit 7")
          .env("WHO", "api").workingDir("/tmp").build());
      assertEquals(new CompletedRun(7, "api in /tmp\n", "oops\n"), run);
      assertEquals(List.of(), hoist.containers(), "removed after its run, as --rm");

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(0, hoist.run(ContainerRequest.builder("box:1").command("cat",
          "/data/seed.txt").user("app").build(), out, err));
      assertEquals("from the image\n", out.toString(StandardCharsets.UTF_8));
      assertEquals("", err.toString(StandardCharsets.UTF_8));

      HoistNotFoundException e = assertThrows(HoistNotFoundException.class,
          () -> hoist.stop("absent", Duration.ofSeconds(1)));
      assertEquals("No such container: absent", e.getMessage());
    }
  }

  @Test
  void aDetachedContainerIsCreatedStartedStoppedAndRemoved() throws Exception {
    BusyboxRootfs.assumeUsable("Java API container tests", "namespaces, overlayfs");
    try (EmbeddedHoist hoist = open("home", HoistListener.NONE)) {
      importBusybox(hoist, "box:1");
      String id = hoist.create(ContainerRequest.builder("box:1").name("sleeper")
          .command("sleep", "600").init(true).build()); // SIGTERM ends it: no 5 s wait
      assertEquals("created", hoist.container("sleeper").state());
      assertEquals("running", hoist.start(id).state());
      assertEquals(OptionalInt.empty(), hoist.awaitExit(id, Duration.ofMillis(200)));
      ContainerStatus stopped = hoist.stop("sleeper", Duration.ofSeconds(5));
      assertEquals("exited", stopped.state());
      assertEquals(OptionalInt.of(143), stopped.exitCode(), "the init passed SIGTERM on");
      hoist.removeContainer(id, false);
      assertThrows(HoistNotFoundException.class, () -> hoist.container(id));

      String quick = hoist.create(ContainerRequest.builder("box:1").command("true").build());
      hoist.start(quick);
      assertEquals(OptionalInt.of(0), hoist.awaitExit(quick, Duration.ofSeconds(30)));
      assertEquals(OptionalInt.of(0), hoist.container(quick).exitCode());
      hoist.removeContainer(quick, false);
    }
  }
}
