package dev.hoist.internal.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled filters loaded into the kernel for real ({@code filter-runner.c}, compiled here): the
 * kernel accepts them and answers every probe as {@link BpfInterpreter} does. The rules only
 * return errnos, on syscalls that ignore their arguments (getpid, getuid, …), so whatever the
 * filter lets through does nothing; the arguments still reach the filter.
 */
class BpfKernelTest {
  static final List<String> HARMLESS = List.of("getpid", "getppid", "getuid", "getgid",
      "geteuid", "getegid", "getpgrp", "gettid", "sched_yield");

  @TempDir Path tmp;

  @Test
  void theKernelAgreesWithTheInterpreter() throws Exception {
    assumeTrue(NativeArch.current() == NativeArch.X86_64, "the compiler targets x86_64");
    ExternalTools.assumeAvailable("gcc");
    Path runner = compileRunner();
    SyscallTable table = SyscallTable.x86_64();
    BpfCompiler compiler = new BpfCompiler(table, BpfCompilerTest.X86_64);
    Random random = new Random(4);
    for (int round = 0; round < 12; round++) {
      List<SeccompPolicy.Rule> rules = new ArrayList<>();
      for (int r = 0; r < 1 + random.nextInt(round < 6 ? 8 : 120); r++) {
        List<SeccompPolicy.Condition> conditions = new ArrayList<>();
        for (int c = random.nextInt(3); c > 0; c--) {
          conditions.add(new SeccompPolicy.Condition(random.nextInt(3),
              SeccompCompare.values()[random.nextInt(SeccompCompare.values().length)],
              BpfCompilerTest.interesting(random), BpfCompilerTest.interesting(random)));
        }
        rules.add(new SeccompPolicy.Rule(List.of(HARMLESS.get(random.nextInt(HARMLESS.size()))),
            SeccompAction.ERRNO, 1 + random.nextInt(200), conditions));
      }
      SeccompPolicy policy = new SeccompPolicy(SeccompAction.ALLOW, 0, List.of(), rules);
      byte[] program = compiler.compile(policy);
      BpfInterpreter interpreter = new BpfInterpreter(program);
      StringBuilder probes = new StringBuilder();
      List<String> expected = new ArrayList<>();
      for (int p = 0; p < 200; p++) {
        int nr = table.number(HARMLESS.get(random.nextInt(HARMLESS.size()))).orElseThrow();
        long[] args = {BpfCompilerTest.interesting(random), BpfCompilerTest.interesting(random),
            BpfCompilerTest.interesting(random)};
        probes.append(nr);
        for (long a : args) {
          probes.append(' ').append(Long.toUnsignedString(a));
        }
        probes.append('\n');
        int ret = interpreter.run(BpfCompilerTest.X86_64, nr, args);
        expected.add(ret == BpfCompilerTest.ALLOW ? "ok" : "E" + (ret & 0xffff));
      }
      Path filter = Files.write(tmp.resolve("filter-" + round), program);
      Path probeFile = Files.writeString(tmp.resolve("probes-" + round), probes);
      Process p = new ProcessBuilder(runner.toString(), filter.toString(), probeFile.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "the kernel refused the filter of round " + round);
      assertEquals(expected, List.of(out.split("\n")), "round " + round + ": " + rules);
    }
  }

  private Path compileRunner() throws Exception {
    Path source = tmp.resolve("filter-runner.c");
    try (InputStream in = getClass().getResourceAsStream("filter-runner.c")) {
      Files.copy(in, source);
    }
    Path binary = tmp.resolve("filter-runner");
    Process cc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
        .redirectErrorStream(true).start();
    String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, cc.waitFor(), "gcc: " + out);
    return binary;
  }
}
