package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Runtime} must show, on real containers from a busybox lower
 * directory (root only; skipped otherwise). One concrete subclass per runtime.
 */
abstract class RuntimeBehaviourTest extends RuntimeFixture {
  record Result(int exit, String out, String err, Path containerDir) {}

  /** {@code --init}: an init as PID 1 (the default, as Docker's, is the command itself). */
  static final HostOptions INIT = HostOptions.builder().init(true).build();

  /** A container running {@code sh -c script}, without an init (Docker's default). */
  ContainerSpec.Builder spec(String script) {
    Path dir = containerDir();
    return ContainerSpec.builder(List.of(lower), dir).argv("sh", "-c", script);
  }

  /** As {@link #spec}, with {@code --init}. */
  ContainerSpec.Builder specWithInit(String script) {
    return spec(script).host(INIT);
  }

  Result run(String script) throws Exception {
    return run(script, b -> { });
  }

  Result run(String script, Consumer<ContainerSpec.Builder> customise) throws Exception {
    ContainerSpec.Builder b = spec(script);
    customise.accept(b);
    return run(b.build());
  }

  Result run(ContainerSpec spec) throws Exception {
    return collect(runtime.start(spec, Stdio.pipes()), spec);
  }

  /** With stdin closed: the exit status and all output, within a minute. */
  static Result collect(ContainerProcess p, ContainerSpec spec) throws Exception {
    p.stdin().close();
    CompletableFuture<String> out = drain(p.stdout());
    CompletableFuture<String> err = drain(p.stderr());
    OptionalInt exit = p.waitFor(Duration.ofSeconds(60));
    assertTrue(exit.isPresent(), "the process did not finish");
    return new Result(exit.getAsInt(), out.get(), err.get(), spec.containerDir());
  }

  static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void outputAndExitCodes() throws Exception {
    Result r = run("echo hello; echo oops >&2; exit 3");
    assertEquals(3, r.exit());
    assertEquals("hello\n", r.out());
    assertEquals("oops\n", r.err());
    assertEquals(0, run("true").exit());
    assertEquals(137, run("kill -9 $$", b -> b.host(INIT)).exit());
    Result missing = run(spec("").argv("no-such-program").build());
    assertEquals(127, missing.exit(), missing.err());
    assertTrue(missing.err().contains("no-such-program"), missing.err());
  }

  @Test
  void environmentAndWorkingDirectory() throws Exception {
    Result r = run("echo \"$GREETING\"; pwd; tr '\\0' '\\n' < /proc/$$/environ; exit 0",
        b -> b.env(List.of("PATH=/bin", "GREETING=hi there", "HOME=/root"))
            .cwd("/srv/app/data"));
    assertEquals(0, r.exit(), r.err());
    // HOME is given: runc would add it when missing, as Docker does
    assertEquals(List.of("hi there", "/srv/app/data", "PATH=/bin", "GREETING=hi there",
        "HOME=/root"),
        lines(r.out()), "exactly the spec's environment, nothing from the host: " + r.err());
  }

  @Test
  void hostnameAndEtcFiles() throws Exception {
    Result r = run("hostname; cat /etc/hostname; grep -c box /etc/hosts; cat /etc/resolv.conf",
        b -> b.hostname("box"));
    assertEquals(0, r.exit(), r.err());
    List<String> l = lines(r.out());
    assertEquals(List.of("box", "box", "1"), l.subList(0, 3));
    assertTrue(r.out().contains("only lo"), r.out());
    assertNotEquals("box", Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
  }

  @Test
  void userByName() throws Exception {
    UserResolver.User app = new UserResolver(List.of(lower)).resolve("app");
    assertEquals(new UserResolver.User(1000, 1000, List.of(1000, 50, 29), "/home/app"), app);
    Result r = run("id -u; id -g; id -G; touch /tmp/mine && ls -n /tmp/mine",
        b -> b.user(app));
    assertEquals(0, r.exit(), r.err());
    List<String> l = lines(r.out());
    assertEquals(List.of("1000", "1000"), l.subList(0, 2));
    assertEquals(List.of("1000", "29", "50"), List.of(l.get(2).split(" ")).stream().sorted().toList());
    assertTrue(l.get(3).matches(".*\\s1000\\s+1000\\s.*"), l.get(3));
    // non-root has no capabilities at all
    Result caps = run("grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status",
        b -> b.user(app));
    for (String line : lines(caps.out())) {
      assertTrue(line.endsWith("0000000000000000"), line);
    }
  }

  @Test
  void seesOnlyItsOwnProcesses() throws Exception {
    long hostPid = ProcessHandle.current().pid();
    Result r = run("echo $$; tr '\\0' ' ' < /proc/1/cmdline; echo; "
        + "test -e /proc/" + hostPid + " && echo host-visible || echo host-invisible",
        b -> b.host(INIT));
    assertEquals(0, r.exit(), r.err());
    List<String> l = lines(r.out());
    assertNotEquals("1", l.get(0), "the main process runs under an init");
    assertTrue(l.get(1).contains("hoist-shim"), "PID 1 is the shim's init: " + l.get(1));
    assertEquals("host-invisible", l.get(2));
    Result ps = run("ps", b -> b.host(INIT));
    List<String> processes = lines(ps.out()).subList(1, lines(ps.out()).size());
    assertTrue(processes.size() <= 3, "ps shows at most init, sh and ps: " + ps.out());
    assertTrue(processes.get(0).trim().startsWith("1 "), ps.out());
  }

  @Test
  void writesGoToTheUpperDirectoryOnly() throws Exception {
    String passwd = Files.readString(lower.resolve("etc/passwd"));
    Result r = run("echo data > /newfile && echo extra >> /etc/passwd && cat /newfile");
    assertEquals(0, r.exit(), r.err());
    assertEquals("data\n", Files.readString(r.containerDir().resolve("upper/newfile")));
    assertTrue(Files.readString(r.containerDir().resolve("upper/etc/passwd")).endsWith("extra\n"));
    assertFalse(Files.exists(lower.resolve("newfile")));
    assertEquals(passwd, Files.readString(lower.resolve("etc/passwd")));
  }

  @Test
  void containersOnTheSameLowersDoNotSeeEachOther() throws Exception {
    String script = "echo $ME > /shared; sleep 1; cat /shared; ls /only-*; touch /only-$ME";
    CompletableFuture<Result> a = CompletableFuture.supplyAsync(() -> call(() ->
        run(script, b -> b.env(List.of("PATH=/bin", "ME=a")))));
    CompletableFuture<Result> b = CompletableFuture.supplyAsync(() -> call(() ->
        run(script, c -> c.env(List.of("PATH=/bin", "ME=b")))));
    Result ra = a.get();
    Result rb = b.get();
    assertEquals("a\n", ra.out());
    assertEquals("b\n", rb.out());
    assertTrue(ra.err().contains("/only-*") && rb.err().contains("/only-*"));
    Result later = run("ls /shared /only-a /only-b 2>&1; exit 0");
    assertTrue(later.out().contains("No such file"), later.out());
  }

  @Test
  void kernelFilesystemsAreReadOnly() throws Exception {
    Result r = run("grep -E ' /(sys|proc/sys) ' /proc/mounts; "
        + "echo x > /proc/sys/kernel/domainname && echo wrote-proc-sys; "
        + "touch /sys/hoist-test && echo wrote-sys; "
        + "cat /proc/keys /proc/timer_list 2>&1 | wc -c; exit 0");
    List<String> l = lines(r.out());
    assertEquals(2, l.stream().filter(s -> s.contains(" ro,")).count(), r.out());
    assertFalse(r.out().contains("wrote-"), r.out());
    assertEquals("0", l.get(l.size() - 1).trim(), "masked /proc files read as empty");
  }

  @Test
  void privilegedOperationsFail() throws Exception {
    Result r = run("mount -o remount,rw / && echo remounted; "
        // busybox date exits 0 even when it cannot set the clock: look at what it says
        + "date -s \"$(date '+%Y-%m-%d %H:%M:%S')\" 2>&1 | grep -q 'not permitted' "
        + "|| echo set-clock; "
        + "mount -t tmpfs none /tmp && echo mounted; "
        + "grep -E '^(Cap|NoNewPrivs)' /proc/self/status; exit 0");
    assertFalse(r.out().contains("remounted"), r.out());
    assertFalse(r.out().contains("set-clock"), r.out());
    assertFalse(r.out().contains("mounted"), r.out());
    // Docker's default capability set
    assertTrue(r.out().contains("CapEff:\t00000000a80425fb"), r.out());
    assertTrue(r.out().contains("CapBnd:\t00000000a80425fb"), r.out());
    assertTrue(r.out().contains("CapInh:\t0000000000000000"), r.out());
    assertTrue(r.out().contains("CapAmb:\t0000000000000000"), r.out());
    assertTrue(r.out().contains("NoNewPrivs:\t1"), r.out());
  }

  @Test
  void ownNetworkNamespaceHasOnlyLoopback() throws Exception {
    Result r = run("cat /proc/net/dev");
    assertEquals(List.of("lo"), interfaces(r.out()));
    Result host = run("cat /proc/net/dev; echo ---; cat /etc/resolv.conf",
        b -> b.network(NetworkMode.HOST));
    String[] parts = host.out().split("---\n", 2);
    assertEquals(interfaces(Files.readString(Path.of("/proc/net/dev"))), interfaces(parts[0]));
    if (Files.exists(Path.of("/etc/resolv.conf"))) {
      assertEquals(Files.readString(Path.of("/etc/resolv.conf")), parts[1]);
    }
  }

  @Test
  void orphansAreReaped() throws Exception {
    Result r = run("for i in 1 2 3 4 5; do (sleep 0.1 &); done; sleep 1; "
        + "cat /proc/[0-9]*/stat", b -> b.host(INIT));
    assertEquals(0, r.exit(), r.err());
    List<String> states = lines(r.out()).stream()
        .map(s -> s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3))
        .toList();
    assertFalse(states.isEmpty());
    assertFalse(states.contains("Z"), "zombies: " + r.out());
  }

  @Test
  void withoutAnInitTheCommandIsPid1() throws Exception {
    long hostPid = ProcessHandle.current().pid();
    Result r = run("echo $$; tr '\\0' ' ' < /proc/1/cmdline; echo; "
        + "test -e /proc/" + hostPid + " && echo host-visible || echo host-invisible; "
        + "test -e /dev/hoist-shim && echo shim-visible; "
        + "grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/1/status; ps");
    assertEquals(0, r.exit(), r.err());
    List<String> l = lines(r.out());
    assertEquals("1", l.get(0), "the command is PID 1: " + r.out());
    assertTrue(l.get(1).startsWith("sh -c echo $$"), "PID 1 is the command: " + l.get(1));
    assertEquals("host-invisible", l.get(2));
    assertEquals(List.of("CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb",
        "NoNewPrivs:\t1", "Seccomp:\t2"), l.subList(3, 7), "as confined as under an init");
    // (sh runs its last command, ps, in its own place: PID 1 is all there is)
    assertEquals(2, l.size() - 7, "ps lists its header and PID 1 only: " + r.out());
    assertTrue(l.get(8).trim().startsWith("1 "), r.out());
    Result user = run("id -u; grep -E '^(CapEff|NoNewPrivs):' /proc/1/status; pwd",
        b -> b.user(1000, 1000, List.of()).cwd("/work/here"));
    assertEquals(List.of("1000", "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "/work/here"),
        lines(user.out()), user.err());
    Result missing = run(spec("").argv("no-such-program").build());
    assertEquals(127, missing.exit(), missing.err());
    assertEquals(3, run("exit 3").exit());
  }

  @Test
  void withoutAnInitSignalsGoToTheCommand() throws Exception {
    ContainerProcess trap = runtime.start(spec(
        "trap 'echo got-usr1; exit 7' USR1; echo ready; while true; do sleep 0.05; done")
        .build(), Stdio.pipes());
    assertEquals("ready\n", readUntil(trap.stdout(), "ready\n"));
    trap.signal("USR1");
    assertEquals(OptionalInt.of(7), trap.waitFor(Duration.ofSeconds(20)));
    assertEquals("got-usr1\n",
        new String(trap.stdout().readAllBytes(), StandardCharsets.UTF_8));

    // A shell as PID 1 without a trap ignores SIGTERM (the kernel drops it): stop's SIGKILL
    // after the timeout ends it, as in Docker without --init.
    ContainerProcess deaf = runtime.start(spec("echo ready; while true; do sleep 0.05; done")
        .build(), Stdio.pipes());
    assertEquals("ready\n", readUntil(deaf.stdout(), "ready\n"));
    deaf.signal("TERM");
    assertEquals(OptionalInt.empty(), deaf.waitFor(Duration.ofSeconds(1)),
        "SIGTERM does not end a shell that is PID 1");
    deaf.signal("KILL");
    assertEquals(OptionalInt.of(137), deaf.waitFor(Duration.ofSeconds(20)));
  }

  @Test
  void withoutAnInitOrphansAreLeftUnreaped() throws Exception {
    // The subshell exits at once: its sleep is re-parented to PID 1, then sh becomes sleep 30,
    // which never waits for it (a shell would: it reaps any child while it waits).
    String script = "(sleep 0.2 &); echo ready; exec sleep 30";
    // the states of both sleeps: "sleep 30" runs ("S"); the orphan, once its 0.2 s are over, is
    // a zombie ("Z") without an init and gone with one. Looked at until the orphan has ended, not
    // once after a fixed second (a loaded machine can run it later than that).
    assertTrue(orphanStates(spec(script).build(), states -> states.contains("Z"))
        .contains("Z"), "left a zombie by PID 1");
    assertFalse(orphanStates(specWithInit(script).build(), states -> states.size() == 1)
        .contains("Z"), "reaped by the init");
  }

  /**
   * The states of {@code spec}'s sleep processes, seen by an exec, once {@code ended} says the
   * orphan has ended (or after 20 s: what is seen then).
   */
  private List<String> orphanStates(ContainerSpec spec,
      java.util.function.Predicate<List<String>> ended) throws Exception {
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      readUntil(main.stdout(), "ready\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        Thread.sleep(300);
        Result r = exec(spec, new ExecSpec(List.of("sh", "-c", "cat /proc/[0-9]*/stat"),
            List.of("PATH=/bin"), "/", 0, 0, List.of(), false));
        List<String> states = lines(r.out()).stream()
            .filter(s -> s.contains("(sleep)"))
            .map(s -> s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3))
            .toList();
        if (ended.test(states) || System.nanoTime() > deadline) {
          return states;
        }
      }
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void withoutAnInitExecJoinsTheCommand() throws Exception {
    ContainerSpec spec = spec("echo ready; exec sleep 30").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      readUntil(main.stdout(), "ready\n");
      Result r = exec(spec, new ExecSpec(List.of("sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; "
          + "echo; echo $$; exit 4"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false));
      assertEquals(4, r.exit(), r.err());
      assertEquals("sleep 30 ", lines(r.out()).get(0), "PID 1 is the command: " + r.out());
      assertNotEquals("1", lines(r.out()).get(1));
      Result tty = exec(spec, new ExecSpec(List.of("sh", "-c", "test -t 1 && echo is-a-tty"),
          List.of("PATH=/bin"), "/", 0, 0, List.of(), true));
      assertTrue(tty.out().contains("is-a-tty"), tty.out() + tty.err());
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
    Result tty = run("tty; echo $$", b -> b.tty(true));
    assertTrue(tty.out().startsWith("/dev/pts/"), "PID 1 has the terminal: " + tty.out());
    assertTrue(tty.out().contains("\n1"), tty.out());
  }

  @Test
  void signalsReachTheMainProcess() throws Exception {
    // (without an init, sleep would be PID 1: the kernel drops signals it has no handler for)
    ContainerProcess p = runtime.start(specWithInit("").argv("sleep", "30").build(),
        Stdio.inherit());
    p.signal("TERM");
    assertEquals(OptionalInt.of(143), p.waitFor(Duration.ofSeconds(20)));

    ContainerProcess trap = runtime.start(specWithInit(
        "trap 'echo got-usr1; exit 7' USR1; echo ready; while true; do sleep 0.05; done")
        .build(), Stdio.pipes());
    byte[] ready = trap.stdout().readNBytes(6);
    assertEquals("ready\n", new String(ready, StandardCharsets.UTF_8));
    trap.signal("USR1");
    assertEquals(OptionalInt.of(7), trap.waitFor(Duration.ofSeconds(20)));
    assertEquals("got-usr1\n",
        new String(trap.stdout().readAllBytes(), StandardCharsets.UTF_8));

    ContainerProcess killed = runtime.start(specWithInit("").argv("sleep", "30").build(),
        Stdio.inherit());
    Thread.sleep(200);
    killed.signal("INT");
    assertEquals(OptionalInt.of(130), killed.waitFor(Duration.ofSeconds(20)));
  }

  @Test
  void initExecutableCannotBeOverwritten() throws Exception {
    byte[] shimBefore = Files.readAllBytes(ShimBinary.locate(home));
    // (runc's containers also have the binary itself, read-only, at /dev/hoist-shim)
    Result r = run("echo x > /proc/1/exe && echo wrote; "
        + "test -e /dev/hoist-shim && { echo x > /dev/hoist-shim && echo wrote; }; "
        + "cat /proc/1/exe > /dev/null 2>&1 && echo read; exit 0", b -> b.host(INIT));
    assertFalse(r.out().contains("wrote"), r.out() + r.err());
    assertFalse(r.out().contains("read"), r.out() + r.err());
    assertTrue(Arrays.equals(shimBefore, Files.readAllBytes(ShimBinary.locate(home))));
  }

  @Test
  void imageSymlinksCannotPlaceMountsOnTheHost() throws Exception {
    Path canary = Files.createDirectories(tmp.resolve("canary"));
    Path evil = Files.createDirectories(tmp.resolve("evil-layer/mnt"));
    Files.createSymbolicLink(evil.resolve("escape"), canary.toAbsolutePath());
    Path vol = Files.createDirectories(tmp.resolve("vol"));
    Path dir = containerDir();
    ContainerSpec spec = ContainerSpec.builder(List.of(tmp.resolve("evil-layer"), lower), dir)
        .argv("sh", "-c", "ls /mnt/escape/")
        .mount(new BindMount(vol, "/mnt/escape/inside", false))
        .build();
    Result r = run(spec);
    assertSymlinkEscapeRefused(r);
    try (var s = Files.list(canary)) {
      assertEquals(List.of(), s.toList(), "nothing was created on the host");
    }
  }

  /**
   * What the runtime does with a mount point behind an image symlink that leads out of the root:
   * runc resolves it inside the root (nothing to check beyond the host staying untouched).
   */
  void assertSymlinkEscapeRefused(Result r) {
  }

  @Test
  void bindMountsAndReadOnlyRoot() throws Exception {
    Path rw = Files.createDirectories(tmp.resolve("rw-volume"));
    Path ro = Files.createDirectories(tmp.resolve("ro-volume"));
    Files.writeString(ro.resolve("config"), "from host\n");
    Result r = run("echo saved > /data/out; cat /conf/config; "
        + "echo no > /conf/x && echo wrote-ro; touch /rootfile && echo wrote-root; exit 0",
        b -> b.mount(new BindMount(rw, "/data", false))
            .mount(new BindMount(ro, "/conf", true))
            .readonlyRootfs(true));
    assertEquals("saved\n", Files.readString(rw.resolve("out")));
    assertEquals("from host\n", r.out());
    assertFalse(Files.exists(ro.resolve("x")));
  }

  @Test
  void tmpfsMountsOnAReadOnlyRoot() throws Exception {
    Result r = run("echo x > /scratch/f && cat /scratch/f; grep ' /scratch ' /proc/mounts; "
        + "stat -c %a /scratch; touch /elsewhere && echo wrote-root; exit 0",
        b -> b.readonlyRootfs(true).tmpfs(new TmpfsMount("/scratch", 8 << 20, 01777, false)));
    List<String> l = lines(r.out());
    assertEquals("x", l.get(0), r.out() + r.err());
    assertTrue(l.get(1).startsWith("tmpfs /scratch tmpfs rw,nosuid,nodev"), l.get(1));
    assertTrue(l.get(1).contains("size=8192k"), l.get(1));
    assertEquals("1777", l.get(2));
    assertFalse(r.out().contains("wrote-root"), r.out());
  }

  @Test
  void manyLayers() throws Exception {
    List<Path> lowers = new ArrayList<>();
    String longName = "x".repeat(60);
    for (int i = 0; i < 100; i++) {
      Path layer = Files.createDirectories(tmp.resolve("layers/" + longName + i + "/layer-files"));
      Files.writeString(layer.resolve("from-" + i), "");
      lowers.add(layer.getParent());
    }
    lowers.add(lower);
    Path dir = containerDir();
    Result r = run(ContainerSpec.builder(lowers, dir)
        .argv("sh", "-c", "ls /layer-files | wc -l").build());
    assertEquals(0, r.exit(), r.err());
    assertEquals("100", r.out().trim(), "every one of 100 layers (> one page of paths) is seen");
  }

  @Test
  void memoryHogIsKilled() throws Exception {
    Result r = run("x=$(head -c 300000000 /dev/zero | tr '\\0' x); echo survived",
        b -> b.resources(new Resources(32 << 20, 0, 0)));
    assertEquals(137, r.exit(), "OOM-killed under a 32 MiB limit: " + r.out() + r.err());
    assertFalse(r.out().contains("survived"));
  }

  @Test
  void forkBombIsContainedByThePidsLimit() throws Exception {
    // Bounded: at most 100 sleeps even if the limit did not hold, and they end with the
    // container (its init exits right after counting). A failed fork ends the inner shell.
    Result r = run("sh -c 'i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); done'; "
        + "set -- /proc/[0-9]*; echo $#",
        b -> b.resources(new Resources(0, 0, 16)));
    int processes = Integer.parseInt(r.out().trim());
    assertTrue(processes <= 16, "at most 16 processes: " + processes);
    assertTrue(processes >= 5, "some forks succeeded: " + processes);
    assertTrue(r.err().contains("fork"), "forks beyond the limit fail: " + r.err());
  }

  @Test
  void cpuQuotaIsInTheCgroup() throws Exception {
    ContainerSpec spec = spec("i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done; echo done; "
        + "read x; exit 0").resources(new Resources(0, 100_000_000L, 0)).build();
    ContainerProcess p = runtime.start(spec, Stdio.pipes());
    try {
      readUntil(p.stdout(), "done\n");
      String id = spec.containerDir().getFileName().toString();
      String quota = cgroupFile(id, "cpu", "cpu.cfs_quota_us", "cpu.max");
      assertTrue(quota.equals("10000") || quota.startsWith("10000 100000"), quota);
      String stat = cgroupFile(id, "cpu", "cpu.stat", "cpu.stat");
      long throttled = stat.lines().filter(l -> l.startsWith("nr_throttled "))
          .mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum();
      assertTrue(throttled > 0, "a busy loop at a tenth of a CPU is throttled: " + stat);
    } finally {
      p.stdin().close();
      assertEquals(OptionalInt.of(0), p.waitFor(Duration.ofSeconds(30)));
    }
  }

  @Test
  void hostBlockDeviceCannotBeReadThroughMknod() throws Exception {
    try (HostBlockDevice disk = HostBlockDevice.attach(tmp)) {
      Result r = run("mknod /tmp/disk b " + disk.numbers() + " && echo made; "
          + "head -c 64 /tmp/disk; exit 0");
      assertTrue(r.out().startsWith("made"), "mknod is allowed, as Docker's b *:* m: " + r.err());
      assertFalse(r.out().contains(HostBlockDevice.SECRET), "read the host's device: " + r.out());
      assertTrue(r.err().contains("not permitted"), r.err());
    }
  }

  @Test
  void imageDeviceNodeCannotBeReadByAnyUser() throws Exception {
    try (HostBlockDevice disk = HostBlockDevice.attach(tmp)) {
      Path layer = Files.createTempDirectory(tmp, "device-layer-");
      disk.makeNode(layer.resolve("disk"));
      for (int uid : List.of(65534, 0)) {
        Result r = run(ContainerSpec.builder(List.of(layer, lower), containerDir())
            .argv("sh", "-c", "ls -l /disk; head -c 64 /disk; exit 0")
            .user(uid, uid, List.of()).build());
        assertTrue(r.out().startsWith("brw-rw-rw-"), "the image's 0666 node: " + r.out());
        assertFalse(r.out().contains(HostBlockDevice.SECRET),
            "uid " + uid + " read the host's device: " + r.out());
        assertTrue(r.err().contains("not permitted"), r.err());
      }
    }
  }

  @Test
  void allowedDevicesStillWork() throws Exception {
    Result r = run("head -c 7 /dev/urandom | wc -c; head -c 3 /dev/zero | wc -c; "
        + "echo x > /dev/null && echo null-ok; mknod /tmp/null2 c 1 3 && echo y > /tmp/null2 "
        + "&& echo mknod-null-ok; echo > /dev/full || echo full-refused-write");
    assertEquals(List.of("7", "3", "null-ok", "mknod-null-ok", "full-refused-write"),
        lines(r.out()).stream().map(String::trim).toList(), r.err());
    assertTrue(r.err().contains("No space left"), "/dev/full opened and said so: " + r.err());
  }

  @Test
  void containerIsAtTheRootOfItsOwnCgroupNamespace() throws Exception {
    Result r = run("cat /proc/self/cgroup");
    assertEquals(0, r.exit(), r.err());
    assertAtTheRoot(r);
    ContainerSpec spec = spec("echo ready; exec sleep 30").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      readUntil(main.stdout(), "ready\n");
      Result e = exec(spec, new ExecSpec(List.of("cat", "/proc/self/cgroup"),
          List.of("PATH=/bin"), "/", 0, 0, List.of(), false));
      assertEquals(0, e.exit(), e.err());
      assertAtTheRoot(e);
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  private static void assertAtTheRoot(Result procSelfCgroup) {
    assertFalse(procSelfCgroup.out().isEmpty());
    for (String line : lines(procSelfCgroup.out())) {
      assertTrue(line.endsWith(":/"), "every hierarchy shows the container at its root: "
          + procSelfCgroup.out());
    }
  }

  @Test
  void cgroupFilesystemIsReadOnlyInside() throws Exception {
    Result r = run("grep ' /sys/fs/cgroup' /proc/mounts; "
        + "for d in /sys/fs/cgroup /sys/fs/cgroup/unified /sys/fs/cgroup/memory "
        + "/sys/fs/cgroup/pids; do test -d $d || continue; mkdir $d/evil && echo made-$d; "
        + "echo 1 > $d/cgroup.kill && echo killed-$d; "
        + "echo 1 > $d/pids.max && echo wrote-$d; done; exit 0");
    // mount point -> options of the mount on top (a later line covers an earlier one)
    Map<String, String> mounts = new java.util.LinkedHashMap<>();
    lines(r.out()).stream().filter(l -> l.contains(" /sys/fs/cgroup"))
        .forEach(l -> mounts.put(l.split(" ")[1], l.split(" ")[3]));
    assertFalse(mounts.isEmpty(), "/sys/fs/cgroup is mounted: " + r.out());
    mounts.forEach((point, options) -> assertTrue(options.matches("ro(,.*)?"),
        point + " " + options));
    assertFalse(r.out().contains("made-") || r.out().contains("killed-")
        || r.out().contains("wrote-"), r.out());
    assertTrue(r.err().contains("Read-only file system"), r.err());
  }

  @Test
  void memoryLimitIsVisibleWhereTheJvmReadsIt() throws Exception {
    Result r = run("cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max "
        + "2>/dev/null; exit 0", b -> b.resources(new Resources(256 << 20, 0, 0)));
    assertEquals(List.of(Long.toString(256 << 20)), lines(r.out()), r.err());
  }

  @Test
  void jvmSizesItsHeapForTheContainersMemoryLimit() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    org.junit.jupiter.api.Assumptions.assumeTrue(jdk.startsWith("/usr"),
        "needs the host's JDK under /usr: skipped");
    // a quarter of the memory it finds; under 256 MiB HotSpot's floor (96 MiB scaled, 126 MiB
    // on 64-bit) applies: either way far below a quarter of the host's memory
    assertEquals(256L << 20, maxHeapSize(jdk, 1L << 30), "a quarter of 1 GiB");
    long small = maxHeapSize(jdk, 256L << 20);
    assertTrue(small <= 128L << 20, "at most half of 256 MiB: " + small);
  }

  private long maxHeapSize(Path jdk, long memoryLimit) throws Exception {
    Result r = run(withHostUsr(jdk.resolve("bin/java").toString(), "-XX:-UsePerfData",
            "-XX:+PrintFlagsFinal", "-version")
        .resources(new Resources(memoryLimit, 0, 0)).build());
    assertEquals(0, r.exit(), r.err());
    return lines(r.out()).stream().filter(l -> l.contains(" MaxHeapSize "))
        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[3])).findFirst().orElseThrow();
  }

  /**
   * A container that runs {@code argv} from the host's {@code /usr} (bound read-only; the
   * image's {@code /lib} and {@code /lib64} lead there) on the busybox root: the host's JDK and
   * util-linux without an image of their own.
   */
  ContainerSpec.Builder withHostUsr(String... argv) throws IOException {
    Path links = tmp.resolve("usr-merged");
    if (!Files.isDirectory(links)) {
      Path made = Files.createTempDirectory(tmp, "usr-merged-");
      for (String l : List.of("lib", "lib64")) {
        Files.createSymbolicLink(made.resolve(l), Path.of("usr/" + l));
      }
      Files.move(made, links);
    }
    return ContainerSpec.builder(List.of(links, lower), containerDir()).argv(argv)
        .mount(new BindMount(Path.of("/usr"), "/usr", true));
  }

  @Test
  void otherContainersCgroupsAreOutOfReach() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")),
        "needs util-linux's /usr/bin/unshare (busybox's has no -C): skipped");
    ContainerSpec victim = spec("echo ready; exec sleep 30").build();
    ContainerProcess b = runtime.start(victim, Stdio.pipes());
    try {
      readUntil(b.stdout(), "ready\n");
      String id = victim.containerDir().getFileName().toString();
      // the issue's escape: a user and cgroup namespace of its own, then the cgroup file systems
      // mounted afresh, and every cgroup of the victim's killed or frozen
      Result r = run(withHostUsr("/usr/bin/unshare", "-U", "-C", "-m", "-r", "sh", "-c",
          "mkdir -p /tmp/v2 /tmp/freezer /tmp/pids /tmp/devices; "
          + "mount -t cgroup2 none /tmp/v2 && echo mounted; "
          + "for c in freezer pids devices; do mount -t cgroup -o $c none /tmp/$c; done; "
          + "find /tmp/v2 /tmp/freezer /tmp/pids /tmp/devices -mindepth 1 -type d; "
          + "for f in $(find /tmp -path \"*/" + id + "/cgroup.kill\"); do echo 1 > $f; done; "
          + "for f in $(find /tmp -path \"*/" + id + "/freezer.state\"); do echo FROZEN > $f; "
          + "done").build());
      assertTrue(r.out().contains("mounted") || r.err().startsWith("unshare: "),
          "the escape either ran or was refused at unshare: " + r.out() + r.err());
      assertFalse(r.out().contains(id), "the victim's cgroup is not visible: " + r.out());
      List<String> dirs = lines(r.out()).stream().filter(l -> l.startsWith("/tmp/")).toList();
      assertEquals(List.of(), dirs, "no cgroup but the container's own is visible");
      assertTrue(b.waitFor(Duration.ofMillis(300)).isEmpty(), "the victim survived");
    } finally {
      b.signal("KILL");
      b.waitFor(Duration.ofSeconds(20));
    }
  }


  @Test
  void execSeesTheContainersProcessesAndFiles() throws Exception {
    ContainerSpec spec = spec("echo marker > /tmp/m; echo ready; exec sleep 30").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      assertEquals("ready\n", readUntil(main.stdout(), "ready\n"));
      Result r = exec(spec, new ExecSpec(List.of("sh", "-c", "cat /tmp/m; ps; pwd; id -u; "
          + "echo $ONLY; exit 5"), List.of("PATH=/bin", "ONLY=exec-env"), "/etc", 1000, 1000,
          List.of(), false));
      assertEquals(5, r.exit(), r.err());
      assertTrue(r.out().startsWith("marker\n"), r.out());
      assertTrue(r.out().contains("sleep 30"), "sees the main process: " + r.out());
      assertTrue(r.out().contains("/etc\n1000\nexec-env\n"), r.out());
      Result root = exec(spec, new ExecSpec(List.of("grep", "-E", "^(CapEff|CapBnd|NoNewPrivs)",
          "/proc/self/status"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false));
      assertEquals(List.of("CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb",
          "NoNewPrivs:\t1"), lines(root.out()), "exec'd processes are as confined as the main one");
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void pausedContainerDoesNotAdvance() throws Exception {
    ContainerSpec spec = spec("i=0; echo ready; while true; do i=$((i+1)); echo $i > /tmp/c; "
        + "sleep 0.02; done").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    Path counter = spec.upperDir().resolve("tmp/c");
    try {
      readUntil(main.stdout(), "ready\n");
      Thread.sleep(300);
      runtime.pause(spec);
      Thread.sleep(100);
      String frozen = Files.readString(counter);
      Thread.sleep(500);
      assertEquals(frozen, Files.readString(counter), "a paused container does not run");
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
          () -> runtime.exec(spec, new ExecSpec(List.of("true"), List.of(), "/", 0, 0,
              List.of(), false), Stdio.pipes()));
      assertTrue(e.getMessage().contains("paused"), e.getMessage());
      runtime.resume(spec);
      // (the counter may be caught between truncation and write: compare strings)
      String later = frozen;
      for (int i = 0; i < 100 && (later.isEmpty() || later.equals(frozen)); i++) {
        Thread.sleep(50);
        later = Files.readString(counter);
      }
      assertNotEquals(frozen, later, "it runs again after resume");
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void terminal() throws Exception {
    Result r = run("tty; test -t 0 && test -t 1 && echo is-a-tty; stty size",
        b -> b.tty(true));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().startsWith("/dev/pts/"), r.out());
    assertTrue(r.out().contains("is-a-tty"), r.out());
    assertTrue(r.out().contains("24 80"), "a default window size: " + r.out());

    ContainerSpec spec = spec("echo ready; exec sleep 30").build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      readUntil(main.stdout(), "ready\n");
      Result e = exec(spec, new ExecSpec(List.of("sh", "-c", "tty; test -t 1 && echo is-a-tty"),
          List.of("PATH=/bin"), "/", 0, 0, List.of(), true));
      assertEquals(0, e.exit(), e.out() + e.err());
      assertTrue(e.out().startsWith("/dev/pts/"), e.out());
      assertTrue(e.out().contains("is-a-tty"), e.out());
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void twentyContainersAtOnce() throws Exception {
    List<CompletableFuture<Result>> all = new ArrayList<>();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(20);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < 20; i++) {
      String me = Integer.toString(i);
      all.add(CompletableFuture.supplyAsync(() -> call(() -> {
        go.await();
        return run("echo $ME",
            b -> b.env(List.of("PATH=/bin", "ME=" + me)).resources(new Resources(0, 0, 50)));
      }), threads));
    }
    go.countDown();
    threads.shutdown();
    for (int i = 0; i < 20; i++) {
      Result r = all.get(i).get();
      assertEquals(0, r.exit(), r.err());
      assertEquals(Integer.toString(i), lines(r.out()).get(0));
      String id = r.containerDir().getFileName().toString();
      org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
          () -> cgroupFile(id, "pids", "pids.max", "pids.max"), "cgroup removed");
    }
  }

  @Test
  void cgroupsAndMountsAreGoneAfterExit() throws Exception {
    Result r = run("cat /proc/self/cgroup", b -> b.resources(new Resources(64 << 20, 0, 100)));
    assertEquals(0, r.exit(), r.err());
    String pidsMax = null;
    try {
      pidsMax = cgroupFile(r.containerDir().getFileName().toString(), "pids", "pids.max",
          "pids.max");
    } catch (java.nio.file.NoSuchFileException expected) {
      // removed, as it should be
    }
    assertEquals(null, pidsMax, "the container's cgroup is removed after it exited");
    String rootfs = r.containerDir().resolve("rootfs").toAbsolutePath().toString();
    assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + rootfs + " "),
        "nothing stays mounted on the container's rootfs");
    assertFalse(Files.exists(r.containerDir().resolve(ShimRuntime.INIT_PID)));
  }

  @Test
  void execIntoAStoppedContainerFails() throws Exception {
    Result r = run("true");
    ContainerSpec stopped = ContainerSpec.builder(List.of(lower), r.containerDir())
        .argv("true").build();
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> runtime.exec(stopped, new ExecSpec(List.of("true"), List.of(), "/", 0, 0,
            List.of(), false), Stdio.pipes()));
    assertTrue(e.getMessage().contains("not running"), e.getMessage());
  }

  Result exec(ContainerSpec spec, ExecSpec exec) throws Exception {
    return collect(runtime.exec(spec, exec, Stdio.pipes()), spec);
  }

  /** Reads until the text read so far ends with {@code end}. */
  static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith(end)) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("end of output before " + end.trim() + ": " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  /**
   * A file of the cgroup for {@code controller} of the container {@code id}, where both runtimes
   * put it ({@code hoist/<id>} beside this JVM's own cgroup): the v1 hierarchy of the controller,
   * else the v2 one. (The container itself sees its cgroup as {@code /}.)
   */
  static String cgroupFile(String id, String controller, String v1File, String v2File)
      throws IOException {
    List<String> mountinfo = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    List<String> self = Files.readAllLines(Path.of("/proc/self/cgroup"));
    for (Cgroups.V1Hierarchy h : Cgroups.v1Hierarchies(mountinfo, self)) {
      if (h.has(controller)) {
        return Files.readString(Cgroups.v1Dir(h, id).resolve(v1File)).trim();
      }
    }
    Path mount = Cgroups.v2Mount(mountinfo).orElseThrow();
    return Files.readString(Cgroups.v2Dir(mount, Cgroups.ownPaths(self).get(""), id)
        .resolve(v2File)).trim();
  }

  static List<String> interfaces(String procNetDev) {
    return lines(procNetDev).stream().skip(2)
        .map(s -> s.substring(0, s.indexOf(':')).trim())
        .sorted()
        .collect(Collectors.toList());
  }

  static List<String> lines(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T call(Call<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
