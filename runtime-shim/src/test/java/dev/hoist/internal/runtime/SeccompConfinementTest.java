package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.internal.runtime.seccomp.SeccompOption;
import dev.hoist.fixtures.BusyboxRootfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: the syscalls Docker's default seccomp profile refuses, tried from inside
 * containers by a static C program ({@code syscall-probe.c}, compiled here with gcc) as root
 * and as nobody, under each runtime; the same program with {@code seccomp=unconfined} gets
 * past the filter (so each assertion can fail). And the invoking session's keys stay out of
 * reach. One concrete subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeccompConfinementTest {
  @TempDir static Path tmp;
  Path lower;
  Runtime runtime;
  String keyDescription;
  int containers;

  abstract Runtime newRuntime(HoistHome home) throws IOException;

  @BeforeAll
  void setUp() throws Exception {
    BusyboxRootfs.assumeUsable("runtime-shim tests", "namespaces, overlayfs, pivot_root");
    ExternalTools.assumeAvailable("gcc");
    lower = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("lower")));
    Path source = tmp.resolve("syscall-probe.c");
    try (InputStream in = getClass().getResourceAsStream("syscall-probe.c")) {
      Files.copy(in, source);
    }
    Process cc = new ProcessBuilder("gcc", "-static", "-O2", "-o",
        lower.resolve("bin/probe").toString(), source.toString())
        .redirectErrorStream(true).start();
    String out = new String(cc.getInputStream().readAllBytes());
    assertEquals(0, cc.waitFor(), "gcc: " + out);
    runtime = newRuntime(new HoistHome(tmp.resolve("home")));
  }

  @AfterAll
  void removeKey() throws Exception {
    if (keyDescription != null) {
      new ProcessBuilder("sh", "-c", "keyctl unlink $(keyctl search @s user " + keyDescription
          + ") " + sessionKeyring()).start().waitFor();
    }
  }

  /**
   * The keyring {@code @s} names for the processes this JVM starts: its session keyring, or,
   * when it has none (no login session), the user's session keyring, which {@code @s} falls
   * back to ({@code keyctl add ... @s} would make a session keyring for keyctl alone).
   */
  static String sessionKeyring() throws IOException {
    return ExternalTools.output("keyctl", "rdescribe", "@s").contains(";_uid_ses.") ? "@us"
        : "@s";
  }

  /** Each {@code NAME=result} line of the probe's output. */
  Map<String, String> probe(Consumer<ContainerSpec.Builder> customise, String... args)
      throws Exception {
    ContainerSpec.Builder b = ContainerSpec.builder(List.of(lower),
        RuntimeFixture.containerDir(tmp, ++containers)).argv(args);
    customise.accept(b);
    ContainerSpec spec = b.build();
    RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(
        runtime.start(spec, Stdio.pipes()), spec);
    assertEquals(0, r.exit(), r.out() + r.err());
    return results(r.out());
  }

  static Map<String, String> results(String out) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : RuntimeBehaviourTest.lines(out)) {
      int eq = line.indexOf('=');
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }

  static final Map<String, String> REFUSED = Map.of("keyctl", "EPERM",
      "io_uring_setup", "EPERM", "perf_event_open", "EPERM", "personality_query", "ok",
      "personality", "EPERM", "clone3", "ENOSYS", "vsock", "EPERM", "unshare", "EPERM");

  @Test
  void defaultProfileRefusesUserNamespacesKeysIoUringPerfAndPersonality() throws Exception {
    assertEquals(REFUSED, probe(b -> { }, "probe"));
  }

  @Test
  void defaultProfileRefusesThemToNobodyToo() throws Exception {
    assertEquals(REFUSED, probe(b -> b.user(65534, 65534, List.of()), "probe"));
  }

  @Test
  void unconfinedGetsPastTheFilter() throws Exception {
    Map<String, String> r = probe(b -> b.seccomp(SeccompOption.UNCONFINED), "probe");
    for (String call : List.of("keyctl", "io_uring_setup", "perf_event_open", "personality",
        "unshare", "mount")) {
      assertEquals("ok", r.get(call), call + " unconfined: " + r);
    }
    assertEquals("EINVAL", r.get("clone3"), "the kernel's answer to an empty clone3: " + r);
  }

  @Test
  void execProcessesGetTheFilterToo() throws Exception {
    ContainerSpec spec = ContainerSpec.builder(List.of(lower),
        RuntimeFixture.containerDir(tmp, ++containers)).argv("sh", "-c", "echo ready; exec sleep 30")
        .build();
    ContainerProcess main = runtime.start(spec, Stdio.pipes());
    try {
      assertEquals("ready\n", RuntimeBehaviourTest.readUntil(main.stdout(), "ready\n"));
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(runtime.exec(spec,
          new ExecSpec(List.of("probe"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false),
          Stdio.pipes()), spec);
      assertEquals(REFUSED, results(r.out()), r.err());
    } finally {
      main.signal("KILL");
      main.waitFor(Duration.ofSeconds(20));
    }
  }

  @Test
  void profileFromAFileIsApplied() throws Exception {
    Path file = tmp.resolve("profile-" + containers + ".json");
    Files.writeString(file, """
        {"defaultAction": "SCMP_ACT_ALLOW",
         "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                      {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                       "args": [{"index": 0, "value": 262144, "op": "SCMP_CMP_EQ"}]}]}
        """);
    Map<String, String> r = probe(b -> b.seccomp(SeccompOption.parse(file.toString())), "probe");
    assertEquals("EACCES", r.get("keyctl"), r.toString());
    assertEquals("EPERM", r.get("personality"), r.toString());
    assertEquals("ok", r.get("personality_query"), r.toString());
    assertEquals("ok", r.get("io_uring_setup"), "allowed by this profile's default: " + r);
  }

  /**
   * A profile that refuses the calls of the switch to the container's user (setgroups,
   * setresuid, setresgid, capset): with no_new_privs (Docker's default) runc loads the filter
   * after the switch, so the container starts, with an init ({@code --init}) or without, its
   * command under the filter.
   */
  @Test
  void aProfileRefusingTheUserSwitchStartsAContainerWithAnInitOrWithout() throws Exception {
    Path file = tmp.resolve("no-user-switch.json");
    Files.writeString(file, """
        {"defaultAction": "SCMP_ACT_ALLOW",
         "syscalls": [{"names": ["setgroups", "setresuid", "setresgid", "setuid", "setgid",
                                 "capset"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
        """);
    for (HostOptions host : List.of(HostOptions.DEFAULT, RuntimeBehaviourTest.INIT)) {
      ContainerSpec spec = ContainerSpec.builder(List.of(lower),
          RuntimeFixture.containerDir(tmp, ++containers))
          .argv("sh", "-c", "id -u; grep ^Seccomp: /proc/self/status")
          .user(65534, 65534, List.of()).seccomp(SeccompOption.parse(file.toString()))
          .host(host).build();
      RuntimeBehaviourTest.Result r = RuntimeBehaviourTest.collect(
          runtime.start(spec, Stdio.pipes()), spec);
      assertEquals(0, r.exit(), "init " + host.runsInit() + ": " + r.out() + r.err());
      assertEquals("65534\nSeccomp:\t2\n", r.out(), "init " + host.runsInit() + ": "
          + r.err());
    }
  }

  /**
   * A key in the session keyring of the process that runs hoist: the container gets a session
   * keyring of its own, so even without seccomp's keyctl refusal the key is not found.
   */
  @Test
  void keysOfTheInvokingSessionAreOutOfReach() throws Exception {
    ExternalTools.assumeAvailable("keyctl");
    keyDescription = "hoist-seccomp-" + UUID.randomUUID();
    Process add = new ProcessBuilder("keyctl", "add", "user", keyDescription, "host-secret",
        sessionKeyring()).redirectErrorStream(true).start();
    String out = new String(add.getInputStream().readAllBytes()).trim();
    assertEquals(0, add.waitFor(), "keyctl add: " + out);
    Process search = new ProcessBuilder("sh", "-c", "keyctl print $(keyctl search @s user "
        + keyDescription + ")").redirectErrorStream(true).start();
    assertEquals("host-secret", new String(search.getInputStream().readAllBytes()).trim(),
        "the key is in the session hoist is started from");

    assertEquals(Map.of("keysearch", "EPERM"), probe(b -> { }, "probe", "keyread",
        keyDescription));
    Map<String, String> unconfined = probe(b -> b.seccomp(SeccompOption.UNCONFINED), "probe",
        "keyread", keyDescription);
    assertEquals("ENOKEY", unconfined.get("keysearch"), unconfined.toString());
    assertFalse(unconfined.containsKey("key"), unconfined.toString());
  }
}
