package dev.hoist.internal.runtime.seccomp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Compiles a {@link SeccompPolicy} to a classic BPF program for
 * {@code seccomp(SECCOMP_SET_MODE_FILTER)}, as libseccomp would, for x86_64:
 * <ol>
 *   <li>the architecture must be {@code AUDIT_ARCH_X86_64}, and the number below
 *       {@code 0x40000000} (no x32 syscalls): anything else kills the process, so no other
 *       numbering can slip past the rules (the x86 and x32 companions a profile's
 *       {@code archMap} names are not allowed);
 *   <li>a binary search over the syscall numbers that have rules, each leaf (up to four
 *       numbers) followed by the returns of its unconditional rules;
 *   <li>per syscall, its rules in the profile's order, those with conditions first: the first
 *       whose conditions all hold gives the action; none, the default action. Each 64-bit
 *       argument is compared as two 32-bit halves (high first).
 * </ol>
 * Names the table does not know are skipped, as runc does.
 */
public final class BpfCompiler {
  // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6];
  private static final int NR = 0;
  private static final int ARCH = 4;
  private static final int ARGS = 16;
  static final int X32_SYSCALL_BIT = 0x40000000;
  static final int RET_KILL_PROCESS = SeccompAction.KILL_PROCESS.ret;

  private final SyscallTable table;
  private final int auditArch;

  BpfCompiler(SyscallTable table, int auditArch) {
    this.table = table;
    this.auditArch = auditArch;
  }

  /** For this machine (x86_64 only: the syscall table hoist has). */
  public static BpfCompiler forThisMachine() {
    NativeArch arch = NativeArch.current();
    if (arch != NativeArch.X86_64) {
      throw new SeccompProfileException("seccomp: hoist's shim has no syscall table for "
          + arch.goName() + "; use --runtime runc or --security-opt seccomp=unconfined");
    }
    return new BpfCompiler(SyscallTable.x86_64(), arch.auditArch);
  }

  public byte[] compile(SeccompPolicy policy) {
    Map<Integer, List<SeccompPolicy.Rule>> bySyscall = new TreeMap<>();
    for (int pass = 0; pass < 2; pass++) { // conditional rules first, then unconditional
      for (SeccompPolicy.Rule r : policy.rules()) {
        if (r.conditions().isEmpty() == (pass == 0)) {
          continue;
        }
        for (String name : r.names()) {
          OptionalInt nr = table.number(name);
          if (nr.isPresent()) {
            bySyscall.computeIfAbsent(nr.getAsInt(), n -> new ArrayList<>()).add(r);
          }
        }
      }
    }
    BpfAssembler a = new BpfAssembler();
    BpfAssembler.Label kill = new BpfAssembler.Label();
    BpfAssembler.Label archOk = new BpfAssembler.Label();
    BpfAssembler.Label native64 = new BpfAssembler.Label();
    BpfAssembler.Label deflt = new BpfAssembler.Label();
    a.load(ARCH);
    a.jump(BpfAssembler.JEQ_K, auditArch, archOk, kill);
    a.bind(archOk);
    a.load(NR);
    a.jump(BpfAssembler.JGE_K, X32_SYSCALL_BIT, kill, native64);
    a.bind(native64);

    List<Integer> numbers = new ArrayList<>(bySyscall.keySet());
    Map<Integer, BpfAssembler.Label> blocks = new TreeMap<>();
    search(a, numbers, bySyscall, blocks, 0, numbers.size(), deflt);
    blocks.forEach((nr, label) -> {
      a.bind(label);
      syscallBlock(a, bySyscall.get(nr), deflt);
    });
    a.bind(deflt);
    a.ret(policy.defaultRet());
    a.bind(kill);
    a.ret(RET_KILL_PROCESS);
    return a.assemble();
  }

  /**
   * Goes where the number (in A) leads: a syscall whose first rule is unconditional returns its
   * action from a return right after its leaf of the search (short jumps, a small program);
   * one with conditions jumps to its block (made here, in {@code blocks}, emitted after the
   * search); a number without rules goes to {@code none}.
   */
  private static void search(BpfAssembler a, List<Integer> numbers,
      Map<Integer, List<SeccompPolicy.Rule>> rules, Map<Integer, BpfAssembler.Label> blocks,
      int from, int to, BpfAssembler.Label none) {
    if (to - from <= 4) {
      Map<Integer, BpfAssembler.Label> returns = new LinkedHashMap<>();
      for (int i = from; i < to; i++) {
        SeccompPolicy.Rule first = rules.get(numbers.get(i)).get(0);
        BpfAssembler.Label target = first.conditions().isEmpty()
            ? returns.computeIfAbsent(first.ret(), r -> new BpfAssembler.Label())
            : blocks.computeIfAbsent(numbers.get(i), n -> new BpfAssembler.Label());
        BpfAssembler.Label next = new BpfAssembler.Label();
        a.jump(BpfAssembler.JEQ_K, numbers.get(i), target, next);
        a.bind(next);
      }
      a.jump(none);
      returns.forEach((ret, label) -> {
        a.bind(label);
        a.ret(ret);
      });
      return;
    }
    int mid = (from + to) >>> 1;
    BpfAssembler.Label low = new BpfAssembler.Label();
    BpfAssembler.Label high = new BpfAssembler.Label();
    a.jump(BpfAssembler.JGE_K, numbers.get(mid), high, low);
    a.bind(low);
    search(a, numbers, rules, blocks, from, mid, none);
    a.bind(high);
    search(a, numbers, rules, blocks, mid, to, none);
  }

  private static void syscallBlock(BpfAssembler a, List<SeccompPolicy.Rule> rules,
      BpfAssembler.Label deflt) {
    for (SeccompPolicy.Rule r : rules) {
      if (r.conditions().isEmpty()) {
        a.ret(r.ret());
        return; // nothing after it can apply
      }
      for (List<SeccompPolicy.Condition> group : r.alternatives()) {
        BpfAssembler.Label matched = new BpfAssembler.Label();
        BpfAssembler.Label failed = new BpfAssembler.Label();
        for (int i = 0; i < group.size(); i++) {
          BpfAssembler.Label pass = i == group.size() - 1 ? matched : new BpfAssembler.Label();
          condition(a, group.get(i), pass, failed);
          if (pass != matched) {
            a.bind(pass);
          }
        }
        a.bind(matched);
        a.ret(r.ret());
        a.bind(failed);
      }
    }
    a.jump(deflt);
  }

  /** Jumps to {@code pass} when the condition holds, else to {@code fail}. */
  private static void condition(BpfAssembler a, SeccompPolicy.Condition c,
      BpfAssembler.Label pass, BpfAssembler.Label fail) {
    int lo = ARGS + 8 * c.index(); // little-endian: the low half first
    int hi = lo + 4;
    int vHi = (int) (c.value() >>> 32);
    int vLo = (int) c.value();
    BpfAssembler.Label low = new BpfAssembler.Label();
    switch (c.op()) {
      case EQ, NE -> {
        BpfAssembler.Label yes = c.op() == SeccompCompare.EQ ? pass : fail;
        BpfAssembler.Label no = c.op() == SeccompCompare.EQ ? fail : pass;
        a.load(hi);
        a.jump(BpfAssembler.JEQ_K, vHi, low, no);
        a.bind(low);
        a.load(lo);
        a.jump(BpfAssembler.JEQ_K, vLo, yes, no);
      }
      case MASKED_EQ -> {
        int wHi = (int) (c.valueTwo() >>> 32);
        int wLo = (int) c.valueTwo();
        a.load(hi);
        a.and(vHi);
        a.jump(BpfAssembler.JEQ_K, wHi, low, fail);
        a.bind(low);
        a.load(lo);
        a.and(vLo);
        a.jump(BpfAssembler.JEQ_K, wLo, pass, fail);
      }
      case GT, GE, LT, LE -> {
        // GT/GE directly; LT is "not GE", LE is "not GT"
        boolean strict = c.op() == SeccompCompare.GT || c.op() == SeccompCompare.LE;
        boolean negate = c.op() == SeccompCompare.LT || c.op() == SeccompCompare.LE;
        BpfAssembler.Label yes = negate ? fail : pass;
        BpfAssembler.Label no = negate ? pass : fail;
        BpfAssembler.Label equalHigh = new BpfAssembler.Label();
        BpfAssembler.Label notAbove = new BpfAssembler.Label();
        a.load(hi);
        a.jump(BpfAssembler.JGT_K, vHi, yes, notAbove);
        a.bind(notAbove);
        a.jump(BpfAssembler.JEQ_K, vHi, equalHigh, no);
        a.bind(equalHigh);
        a.load(lo);
        a.jump(strict ? BpfAssembler.JGT_K : BpfAssembler.JGE_K, vLo, yes, no);
      }
      default -> throw new IllegalStateException(c.op().toString());
    }
  }
}
