package dev.hoist.internal.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compiled filters, run by {@link BpfInterpreter}: Docker's default profile gives the
 * answers Docker's gives, and random policies give what their rules say (the reference:
 * {@link SeccompPolicy.Rule}'s conditions evaluated directly).
 */
class BpfCompilerTest {
  static final int X86_64 = 0xc000003e;
  static final int I386 = 0x40000003;
  static final int ALLOW = 0x7fff0000;
  static final int KILL_PROCESS = 0x80000000;
  static final int EPERM = 0x00050000 | 1;
  static final int ENOSYS = 0x00050000 | 38;
  static final List<String> DOCKER_CAPS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE",
      "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
      "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");

  final SyscallTable table = SyscallTable.x86_64();
  final BpfCompiler compiler = new BpfCompiler(table, X86_64);

  BpfInterpreter dockerDefault(List<String> caps) {
    SeccompPolicy p = new SeccompResolver(caps, NativeArch.X86_64, new KernelVersion(6, 1))
        .resolve(SeccompProfile.dockerDefault());
    return new BpfInterpreter(compiler.compile(p));
  }

  int nr(String name) {
    return table.number(name).orElseThrow();
  }

  @Test
  void defaultProfileRefusesWhatDockerRefuses() {
    BpfInterpreter f = dockerDefault(DOCKER_CAPS);
    for (String allowed : List.of("read", "write", "execve", "openat", "exit_group", "chroot",
        "ptrace", "arch_prctl", "wait4", "seccomp")) {
      assertEquals(ALLOW, f.run(X86_64, nr(allowed)), allowed);
    }
    for (String refused : List.of("keyctl", "add_key", "request_key", "unshare", "mount",
        "setns", "io_uring_setup", "io_uring_enter", "perf_event_open", "bpf", "kexec_load",
        "init_module", "open_by_handle_at", "reboot", "umount2", "userfaultfd", "swapon")) {
      assertEquals(EPERM, f.run(X86_64, nr(refused)), refused);
    }
    assertEquals(ENOSYS, f.run(X86_64, nr("clone3")), "clone3: ENOSYS, so libc uses clone");
    long newUser = 0x10000000L;
    long threadFlags = 0x003d0f00L; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|…
    assertEquals(ALLOW, f.run(X86_64, nr("clone"), threadFlags));
    assertEquals(EPERM, f.run(X86_64, nr("clone"), threadFlags | newUser));
    assertEquals(EPERM, f.run(X86_64, nr("clone"), 0x00020000L), "CLONE_NEWNS");
    for (long ok : new long[] {0, 8, 0x20000, 0x20008, 0xffffffffL}) {
      assertEquals(ALLOW, f.run(X86_64, nr("personality"), ok), Long.toHexString(ok));
    }
    assertEquals(EPERM, f.run(X86_64, nr("personality"), 0x0040000L), "ADDR_NO_RANDOMIZE");
    assertEquals(EPERM, f.run(X86_64, nr("personality"), 0x1_0000_0008L), "high half counts");
    assertEquals(ALLOW, f.run(X86_64, nr("socket"), 2), "AF_INET");
    assertEquals(EPERM, f.run(X86_64, nr("socket"), 40), "AF_VSOCK");
    assertEquals(EPERM, f.run(X86_64, 1000), "a number no one has: the default");
  }

  @Test
  void otherArchitecturesAndX32AreKilled() {
    BpfInterpreter f = dockerDefault(DOCKER_CAPS);
    assertEquals(KILL_PROCESS, f.run(I386, 3), "i386 numbers differ: read is 3 there");
    assertEquals(KILL_PROCESS, f.run(X86_64, 0x40000000 | nr("keyctl")), "x32 keyctl");
    assertEquals(KILL_PROCESS, f.run(X86_64, 0x40000000), "x32 read");
  }

  @Test
  void capSysAdminAllowsWhatDockerAllowsWithIt() {
    List<String> caps = new ArrayList<>(DOCKER_CAPS);
    caps.add("CAP_SYS_ADMIN");
    BpfInterpreter f = dockerDefault(caps);
    assertEquals(ALLOW, f.run(X86_64, nr("clone"), 0x10000000L), "namespace flags");
    assertEquals(ALLOW, f.run(X86_64, nr("clone3")));
    assertEquals(ALLOW, f.run(X86_64, nr("mount")));
    assertEquals(ALLOW, f.run(X86_64, nr("unshare")));
    assertEquals(EPERM, f.run(X86_64, nr("keyctl")), "keyctl needs more than a capability");
    BpfInterpreter noChroot = dockerDefault(List.of("CAP_KILL"));
    assertEquals(EPERM, noChroot.run(X86_64, nr("chroot")), "chroot needs CAP_SYS_CHROOT");
  }

  /**
   * Random policies (every comparison, 64-bit values whose halves matter, two conditions on one
   * argument, enough rules to need long jumps) against the rules evaluated directly.
   */
  @Test
  void randomPoliciesAgreeWithTheirRules() {
    Random random = new Random(11);
    List<String> names = new ArrayList<>(table.asMap().keySet());
    names.sort(null);
    for (int round = 0; round < 40; round++) {
      List<SeccompPolicy.Rule> rules = new ArrayList<>();
      int nrules = 1 + random.nextInt(round < 20 ? 6 : 150);
      for (int r = 0; r < nrules; r++) {
        List<SeccompPolicy.Condition> conditions = new ArrayList<>();
        int nconditions = random.nextInt(4);
        for (int c = 0; c < nconditions; c++) {
          conditions.add(new SeccompPolicy.Condition(random.nextInt(3),
              SeccompCompare.values()[random.nextInt(SeccompCompare.values().length)],
              interesting(random), interesting(random)));
        }
        List<String> ruleNames = List.of(names.get(random.nextInt(8) * 3),
            names.get(random.nextInt(names.size())));
        SeccompAction action = SeccompAction.values()[random.nextInt(SeccompAction.values().length)];
        rules.add(new SeccompPolicy.Rule(ruleNames, action, random.nextInt(200), conditions));
      }
      SeccompPolicy policy = new SeccompPolicy(SeccompAction.ERRNO, 1, List.of(), rules);
      BpfInterpreter f = new BpfInterpreter(compiler.compile(policy));
      for (int probe = 0; probe < 300; probe++) {
        String name = probe % 2 == 0 ? names.get(random.nextInt(8) * 3)
            : names.get(random.nextInt(names.size()));
        long[] args = {interesting(random), interesting(random), interesting(random)};
        assertEquals(expected(policy, name, args), f.run(X86_64, nr(name), args),
            () -> "round " + round(policy) + " " + name + " " + List.of(args[0], args[1], args[2]));
      }
    }
  }

  private static String round(SeccompPolicy p) {
    return p.rules().toString();
  }

  /** What the rules say: conditional rules first, in order; then unconditional; else default. */
  static int expected(SeccompPolicy p, String name, long[] args) {
    for (boolean conditional : new boolean[] {true, false}) {
      for (SeccompPolicy.Rule r : p.rules()) {
        if (!r.names().contains(name) || r.conditions().isEmpty() == conditional) {
          continue;
        }
        for (List<SeccompPolicy.Condition> group : r.alternatives()) {
          if (group.stream().allMatch(c -> c.test(args))) {
            return r.ret();
          }
        }
      }
    }
    return p.defaultRet();
  }

  /** Values near the comparison edges of both halves. */
  static long interesting(Random r) {
    long[] pool = {0, 1, 2, 8, 40, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x1_0000_0000L,
        0x1_0000_0001L, 0xffff_ffff_0000_0000L, -1L, Long.MIN_VALUE, 0x7E020000L};
    return r.nextInt(4) == 0 ? r.nextLong() : pool[r.nextInt(pool.length)];
  }

  @Test
  void theProgramFitsTheKernelsLimitAndEndsInReturns() {
    BpfInterpreter f = dockerDefault(DOCKER_CAPS);
    assertTrue(f.instructions() < 1000, f.instructions() + " instructions");
    assertTrue(Set.of(ALLOW, EPERM).contains(f.run(X86_64, nr("getpid"))));
    Map<String, Integer> all = table.asMap();
    all.forEach((name, n) -> f.run(X86_64, n, 0x10000000L)); // every path returns
  }
}
