package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hoist build through the CLI: COPY-only builds on scratch (no container needed). */
class BuildCommandTest {
  @TempDir Path dir;
  private Path context;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("hoist.home", dir.resolve("home").toString());
    context = Files.createDirectories(dir.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"), """
        FROM scratch
        ARG WHO=world
        COPY hello.txt /
        ENV WHO=$WHO
        CMD ["/hello"]
        """);
    Files.writeString(context.resolve("hello.txt"), "hello\n");
  }

  @AfterEach
  void tearDown() {
    System.clearProperty("hoist.home");
  }

  @Test
  void buildsTagsWritesTheIdAndExplains() throws Exception {
    Path iid = dir.resolve("iid");
    Result first = run("build", "-t", "demo:1", "--iidfile", iid.toString(), "--label", "a=b",
        context.toString());
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().strip().startsWith("sha256:"), first.out());
    assertEquals(first.out().strip(), Files.readString(iid));
    assertTrue(first.err().contains("[stage-0 3/5] COPY hello.txt /"), first.err());
    assertTrue(first.err().contains("miss:"), first.err());
    Result inspect = run("inspect", "demo:1");
    assertTrue(inspect.out().contains("\"a\": \"b\""), inspect.out());
    assertTrue(inspect.out().contains("WHO=world"), inspect.out());

    Result again = run("build", "--explain", "-t", "demo:1", context.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("CACHED"), again.err());
    assertTrue(again.err().contains("HIT    [stage-0 3/5] COPY hello.txt /"), again.err());

    Files.writeString(context.resolve("hello.txt"), "changed\n");
    Result changed = run("build", "--explain", context.toString());
    assertTrue(changed.err().contains("miss: file hello.txt changed"), changed.err());
  }

  @Test
  void rewriteTimestampKeepsLaterStepsWhenAStepReranWithTheSameOutput() throws Exception {
    // --chmod makes the copied file's mode the same whatever the context file's: a chmod of
    // the context file re-runs the COPY, which writes the same layer
    Files.writeString(context.resolve("Dockerfile"),
        "FROM scratch\nCOPY --chmod=0644 hello.txt /\nCOPY later.txt /\n");
    Files.writeString(context.resolve("later.txt"), "later\n");
    Result first = run("build", "--progress", "plain", "--rewrite-timestamp",
        context.toString());
    assertEquals(0, first.code(), first.err());
    Files.setPosixFilePermissions(context.resolve("hello.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r = run("build", "--progress", "plain", "--explain", "--rewrite-timestamp",
        context.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    int copy = lines.indexOf("MISS   [stage-0 2/3] COPY --chmod=0644 hello.txt /");
    assertTrue(copy > 0, r.err());
    assertEquals("file hello.txt changed; re-ran, same output as before: later steps kept",
        lines.get(copy + 1).strip(), r.err());
    assertTrue(r.err().contains("HIT    [stage-0 3/3] COPY later.txt /"), r.err());
    assertEquals(first.out(), r.out(), "the same image");
  }

  @Test
  void plainProgressPrintsTheWholeReason() throws Exception {
    // an edited instruction on a parent built before: "no earlier build … or another base image"
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /first/\n");
    Result before = run("build", "--progress", "plain", "--explain", context.toString());
    assertEquals(0, before.code(), before.err());
    assertTrue(before.err().contains("(miss: first build of this step)"), before.err());
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /\n");
    Result r = run("build", "--progress", "plain", "--explain", context.toString());
    assertEquals(0, r.code(), r.err());
    // --explain prints each reason whole on the line after its step
    List<String> lines = r.err().lines().toList();
    int explained = lines.indexOf("MISS   [stage-0 2/2] COPY hello.txt /");
    assertTrue(explained > 0, r.err());
    String reason = lines.get(explained + 1).strip();
    assertTrue(reason.length() > 100, "a reason long enough to have been cut: " + reason);
    assertTrue(lines.stream().anyMatch(l -> l.matches("#\\d+ DONE .*")
        && l.endsWith("(miss: " + reason + ")")), r.err());
  }

  @Test
  void liveViewOnATerminal() {
    Result r = run("build", "--progress", "tty", "--explain", context.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("DONE    0.") || r.err().contains("DONE    1."), r.err());
    assertTrue(r.err().contains("[stage-0 3/5] COPY hello.txt /  (miss:"), r.err());
    assertTrue(r.err().contains("\033[1F\033[J"), "the live region is redrawn in place");
    assertTrue(r.err().contains("MISS   [stage-0 3/5] COPY hello.txt /"), r.err());
  }

  /** Runs {@code hoist args…} with {@code stdin} as System.in. */
  private static Result runWithStdin(String stdin, String... args) {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void outputTypeImageWithANameTagsTheImage() {
    Result r = run("build", "-o", "type=image,name=named/out:2", context.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("tagged named/out:2"), r.err());
    Result inspect = run("inspect", "named/out:2");
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("WHO=world"), inspect.out());
  }

  @Test
  void anInvalidTagIsRefusedBeforeAnyStepRuns() {
    Result r = run("build", "-t", "good:1", "-t", "Bad:Name", "--progress", "plain",
        context.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: -t Bad:Name: "), r.err());
    assertTrue(!r.err().contains("COPY hello.txt"), "no step ran: " + r.err());
    assertTrue(!Files.exists(dir.resolve("home/blobs")) || run("images", "-q").out().isBlank(),
        "nothing was stored");
    Result badName = run("build", "-o", "type=image,name=Bad:Name", context.toString());
    assertTrue(badName.err().startsWith("error: -t Bad:Name: "), badName.err());
  }

  /** The hard limit on open files this process runs under (never unlimited). */
  static long ownOpenFilesHardLimit() throws java.io.IOException {
    String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
    return Long.parseLong(line.substring(26).trim().split("\\s+")[1]);
  }

  @Test
  void runStepHostFlagsAreCheckedBeforeAnyStepRuns() throws Exception {
    long hard = ownOpenFilesHardLimit();
    Result above = run("build", "--ulimit", "nofile=1024:" + (hard + 1), "--progress", "plain",
        context.toString());
    assertEquals(1, above.code(), above.err());
    assertTrue(above.err().startsWith("error: --ulimit nofile=1024:" + (hard + 1) + ": the hard "
        + "limit is above hoist's own (" + hard + ")"), above.err());
    assertTrue(!above.err().contains("COPY hello.txt"), "no step ran: " + above.err());
    Result host = run("build", "--add-host", "db", context.toString());
    assertEquals(1, host.code(), host.err());
    assertTrue(host.err().startsWith("error: --add-host db: expected NAME:IP"), host.err());
    Result swap = run("build", "--memory-swap", "1g", context.toString());
    assertTrue(swap.err().startsWith("error: You should always set the Memory limit when using "
        + "Memoryswap limit"), swap.err());
    Result shm = run("build", "--shm-size", "lots", context.toString());
    assertTrue(shm.err().startsWith("error: --shm-size lots: invalid size"), shm.err());
    // within the limits: a build without RUN steps takes them and is the same image
    Result ok = run("build", "-q", "--add-host", "db:10.0.0.5", "--ulimit", "nofile=64:128",
        "--shm-size", "96m", "-m", "64m", "--memory-swap", "-1", "-c", "512", "--cpuset-cpus",
        "0", context.toString());
    assertEquals(0, ok.code(), ok.err());
    assertEquals(run("build", "-q", context.toString()).out(), ok.out());
  }

  @Test
  void dockerfileOnStdinWithADirectoryContext() throws Exception {
    Path out = dir.resolve("out");
    Result r = runWithStdin("FROM scratch\nCOPY hello.txt /from-stdin.txt\n",
        "build", "-f", "-", "-o", "type=local,dest=" + out, context.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("hello\n", Files.readString(out.resolve("from-stdin.txt")));
    Result both = runWithStdin("", "build", "-f", "-", "-");
    assertEquals(1, both.code());
    assertTrue(both.err().contains("stdin cannot be both"), both.err());
  }

  @Test
  void aDockerfileAloneOnStdinBuildsWithAnEmptyContext() {
    Result r = runWithStdin("FROM scratch\nENV ONLY=dockerfile\n", "build", "-t", "alone:1",
        "-");
    assertEquals(0, r.code(), r.err());
    assertTrue(run("inspect", "alone:1").out().contains("ONLY=dockerfile"));
    Result copy = runWithStdin("FROM scratch\nCOPY hello.txt /\n", "build", "-");
    assertEquals(1, copy.code(), "the context is empty: " + copy.err());
    try (var left = Files.list(dir.resolve("home/cache/contexts"))) {
      assertEquals(0, left.count(), "the stdin context is removed after the build");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void systemPruneKeepsTheBuildCacheOfBuilderStagesAndBuilderPruneRemovesIt() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), """
        FROM scratch AS builder
        COPY hello.txt /built.txt
        FROM scratch
        COPY --from=builder /built.txt /final.txt
        """);
    assertEquals(0, run("build", "-t", "staged:1", context.toString()).code());
    Result prune = run("system", "prune", "-f");
    assertEquals(0, prune.code(), prune.err());
    Result again = run("build", "--explain", "-t", "staged:1", context.toString());
    assertTrue(again.err().contains("HIT    [builder 2/2] COPY hello.txt /built.txt"),
        "system prune kept the builder stage's cache: " + again.err());

    Result builderPrune = run("builder", "prune", "-f");
    assertEquals(0, builderPrune.code(), builderPrune.err());
    assertTrue(builderPrune.out().startsWith("Deleted build cache objects:\n"),
        builderPrune.out());
    assertEquals(1, builderPrune.out().lines().filter(l -> l.matches("[0-9a-f]{64}")).count(),
        "only the dangling entry (the builder stage's layer is in no image): "
            + builderPrune.out());
    assertTrue(builderPrune.out().matches("(?s).*Total reclaimed space: [1-9][0-9.]*[kMG]?B\n"),
        builderPrune.out());
    Result afterPrune = run("build", "--explain", "-t", "staged:1", context.toString());
    assertTrue(afterPrune.err().contains("MISS   [builder 2/2] COPY hello.txt /built.txt"),
        afterPrune.err());
    assertTrue(afterPrune.err().contains("HIT    [stage-1 2/2] COPY --from=builder"),
        "the final stage's entry, whose layer the image uses, stayed: " + afterPrune.err());

    assertTrue(run("builder", "prune", "-f", "--filter", "until=1h").out()
        .startsWith("Total reclaimed space: 0B"), "everything was used within the hour");
    Result bad = run("builder", "prune", "-f", "--filter", "until=soon");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: failed to parse value as time or duration: \"soon\""),
        bad.err());
    // the prune filter's times (PruneFilter), not a duration parser of its own: a date too
    assertTrue(run("builder", "prune", "-f", "--filter", "until=2000-01-02").out()
        .startsWith("Total reclaimed space: 0B"), "nothing was last used before 2000");
    Result label = run("builder", "prune", "-f", "--filter", "label=a=b");
    assertEquals(1, label.code());
    assertTrue(label.err().contains("invalid filter 'label'"), label.err());
    Result everything = run("builder", "prune", "-a", "-f");
    assertEquals(2, everything.out().lines().filter(l -> l.matches("[0-9a-f]{64}")).count(),
        everything.out());
    Result cold = run("build", "--explain", "-t", "staged:1", context.toString());
    assertTrue(cold.err().contains("MISS   [stage-1 2/2] COPY --from=builder"), cold.err());
  }

  @Test
  void contextAsATarOnStdin() throws Exception {
    Path tar = dir.resolve("context.tar");
    Process p = new ProcessBuilder("tar", "-C", context.toString(), "-cf", tar.toString(), ".")
        .inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(Files.readAllBytes(tar)));
      Result r = run("build", "-t", "fromtar:1", "--build-arg", "WHO=tar", "-");
      assertEquals(0, r.code(), r.err());
    } finally {
      System.setIn(stdin);
    }
    assertTrue(run("inspect", "fromtar:1").out().contains("WHO=tar"));
  }

  @Test
  void outputsAnOciArchiveAndADirectory() throws Exception {
    Path archive = dir.resolve("image.tar");
    Result r = run("build", "--output", "type=oci,dest=" + archive, context.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.size(archive) > 0);
    Path docker = dir.resolve("docker.tar");
    r = run("build", "-t", "demo:2", "--output", "type=docker,dest=" + docker, context.toString());
    assertEquals(0, r.code(), r.err());
    Process list = new ProcessBuilder("tar", "-tf", docker.toString()).start();
    String names = new String(list.getInputStream().readAllBytes());
    assertTrue(names.contains("manifest.json"), names);
    Path local = dir.resolve("fs");
    r = run("build", "-o", "type=local,dest=" + local, context.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("hello\n", Files.readString(local.resolve("hello.txt")));
  }

  @Test
  void badInputGetsOneClearError() throws Exception {
    Result r = run("build", dir.resolve("missing").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: build context"), r.err());
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY nope.txt /\n");
    r = run("build", context.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("error: COPY failed: nope.txt"), r.err());
    assertTrue(!r.err().contains("Exception"), r.err());
    r = run("build", "--network", "nat", context.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--network nat: expected default, bridge, none or host"),
        r.err());
    Path hostRun = Files.createDirectories(dir.resolve("host-run"));
    Files.writeString(hostRun.resolve("Dockerfile"), "FROM scratch\nRUN --network=host true\n");
    r = run("build", hostRun.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: RUN --network=host: network.host is not allowed; pass "
        + "--allow network.host"), r.err());
    assertTrue(!r.err().contains("Exception"), r.err());
    r = run("build", "--allow", "security.insecure", context.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--allow security.insecure: unknown or unsupported entitlement"
        + " (supported: network.host)"), r.err());
  }

  @Test
  void pushPullAndRemoteCacheThroughARegistry() throws Exception {
    dev.hoist.fixtures.ExternalTools.assumeRegistry();
    try (dev.hoist.fixtures.RegistryProcess registry = dev.hoist.fixtures.RegistryProcess.start()) {
      String tag = registry.host() + "/demo/app:1";
      String cache = registry.host() + "/demo/cache:1";
      Result pushed = run("build", "--progress", "plain", "-t", tag, "--push", "--cache-to", cache,
          context.toString());
      assertEquals(0, pushed.code(), pushed.err());
      assertTrue(pushed.err().contains("push " + tag + ": digest: sha256:"), pushed.err());
      assertTrue(pushed.err().contains("cache " + cache + ": 1 steps exported"), pushed.err());

      System.setProperty("hoist.home", dir.resolve("home2").toString());
      Result cached = run("build", "--progress", "plain", "--cache-from",
          "type=registry,ref=" + cache, context.toString());
      assertEquals(0, cached.code(), cached.err());
      assertTrue(cached.err().contains("CACHED") && cached.err().contains("from cache " + cache),
          cached.err());
      assertEquals(pushed.out(), cached.out(), "the same image ID from the imported cache");

      Path derived = Files.createDirectories(dir.resolve("derived"));
      Files.writeString(derived.resolve("Dockerfile"), "FROM " + tag + "\nCOPY more.txt /\n");
      Files.writeString(derived.resolve("more.txt"), "more\n");
      Result built = run("build", "--progress", "plain", "--pull", derived.toString());
      assertEquals(0, built.code(), built.err());
      assertTrue(built.err().contains("pull " + tag + ": digest: sha256:"), built.err());

      Files.writeString(derived.resolve("Dockerfile"), "FROM " + registry.host() + "/no/such:1\n");
      Result missing = run("build", "--progress", "plain", derived.toString());
      assertEquals(1, missing.code(), missing.err());
      assertTrue(missing.err().contains("error: base image " + registry.host()
          + "/no/such:1 is neither in the local store nor on its registry"), missing.err());
      assertEquals(1, missing.err().lines().filter(l -> l.startsWith("error:")).count());

      Result local = run("build", "--cache-to", "type=local,dest=/tmp/x", derived.toString());
      assertEquals(1, local.code(), local.err());
      assertTrue(local.err().contains("only type=registry is supported"), local.err());

      Result untagged = run("build", "--progress", "plain", "--push", derived.toString());
      assertEquals(1, untagged.code(), untagged.err());
      assertTrue(untagged.err().contains("error: --push needs a name to push to"), untagged.err());
      assertTrue(!untagged.err().contains("#1 "), "refused before building: " + untagged.err());
    }
  }
}
