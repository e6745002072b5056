package dev.hoist.internal.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classic BPF ({@code struct sock_filter}) with symbolic labels. A conditional jump reaches at
 * most 255 instructions ahead; one whose target is further becomes {@code jcc 0,1; ja T; ja F}
 * (branch relaxation, repeated until every jump fits). Jumps only go forward, as the kernel
 * requires.
 */
final class BpfAssembler {
  static final int LD_W_ABS = 0x20;
  static final int ALU_AND_K = 0x54;
  static final int JA = 0x05;
  static final int JEQ_K = 0x15;
  static final int JGT_K = 0x25;
  static final int JGE_K = 0x35;
  static final int RET_K = 0x06;
  /** The kernel's limit (BPF_MAXINSNS). */
  static final int MAX_INSNS = 4096;

  static final class Label {}

  private sealed interface Item permits Plain, Cond, Goto, Mark {}

  private record Plain(int code, int k) implements Item {}

  private record Cond(int code, int k, Label t, Label f) implements Item {}

  private record Goto(Label target) implements Item {}

  private record Mark(Label label) implements Item {}

  private final List<Item> items = new ArrayList<>();

  void load(int offset) {
    items.add(new Plain(LD_W_ABS, offset));
  }

  void and(int k) {
    items.add(new Plain(ALU_AND_K, k));
  }

  void ret(int k) {
    items.add(new Plain(RET_K, k));
  }

  /** {@code if (A <op> k) goto t; else goto f;} with JEQ_K, JGT_K or JGE_K. */
  void jump(int code, int k, Label t, Label f) {
    items.add(new Cond(code, k, t, f));
  }

  void jump(Label target) {
    items.add(new Goto(target));
  }

  void bind(Label label) {
    items.add(new Mark(label));
  }

  /** The program, 8 bytes an instruction in the machine's byte order. */
  byte[] assemble() {
    boolean[] wide = new boolean[items.size()];
    Map<Label, Integer> at;
    int size;
    for (;;) {
      at = new HashMap<>();
      int pc = 0;
      for (int i = 0; i < items.size(); i++) {
        Item it = items.get(i);
        if (it instanceof Mark m) {
          at.put(m.label(), pc);
        } else {
          pc += wide[i] ? 3 : 1;
        }
      }
      size = pc;
      boolean[] laidOut = wide.clone(); // the widths `at` was computed with
      boolean changed = false;
      pc = 0;
      for (int i = 0; i < items.size(); i++) {
        Item it = items.get(i);
        if (it instanceof Cond c && !laidOut[i]) {
          if (offset(at, c.t(), pc) > 255 || offset(at, c.f(), pc) > 255) {
            wide[i] = true;
            changed = true;
          }
        }
        pc += it instanceof Mark ? 0 : laidOut[i] ? 3 : 1;
      }
      if (!changed) {
        break;
      }
    }
    if (size > MAX_INSNS) {
      throw new SeccompProfileException("the seccomp filter has " + size
          + " instructions, more than the kernel's " + MAX_INSNS);
    }
    ByteBuffer out = ByteBuffer.allocate(size * 8).order(ByteOrder.nativeOrder());
    int pc = 0;
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      if (it instanceof Plain p) {
        put(out, p.code(), 0, 0, p.k());
      } else if (it instanceof Goto g) {
        put(out, JA, 0, 0, offset(at, g.target(), pc));
      } else if (it instanceof Cond c && wide[i]) {
        put(out, c.code(), 0, 1, c.k());
        put(out, JA, 0, 0, offset(at, c.t(), pc + 1));
        put(out, JA, 0, 0, offset(at, c.f(), pc + 2));
      } else if (it instanceof Cond c) {
        put(out, c.code(), offset(at, c.t(), pc), offset(at, c.f(), pc), c.k());
      }
      pc += it instanceof Mark ? 0 : wide[i] ? 3 : 1;
    }
    return out.array();
  }

  /** Instructions to skip from the one at {@code pc} to reach {@code target}. */
  private static int offset(Map<Label, Integer> at, Label target, int pc) {
    Integer to = at.get(target);
    if (to == null) {
      throw new IllegalStateException("label never bound");
    }
    if (to <= pc) {
      throw new IllegalStateException("backward jump");
    }
    return to - pc - 1;
  }

  private static void put(ByteBuffer out, int code, int jt, int jf, int k) {
    out.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
  }
}
