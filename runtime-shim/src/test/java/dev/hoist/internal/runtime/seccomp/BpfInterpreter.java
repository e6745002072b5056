package dev.hoist.internal.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF seccomp program on one {@code struct seccomp_data}, as the kernel does, for
 * the instructions a seccomp filter may use that {@link BpfCompiler} emits (and refuses any
 * other, a backward jump or running off the end).
 */
final class BpfInterpreter {
  private final ByteBuffer program;

  BpfInterpreter(byte[] program) {
    this.program = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
  }

  int instructions() {
    return program.capacity() / 8;
  }

  /** The filter's return value for syscall {@code nr} on {@code arch} with {@code args}. */
  int run(int arch, int nr, long... args) {
    ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    data.putInt(0, nr).putInt(4, arch).putLong(8, 0x401000L);
    for (int i = 0; i < args.length; i++) {
      data.putLong(16 + 8 * i, args[i]);
    }
    int a = 0;
    int pc = 0;
    for (int steps = 0; steps <= instructions(); steps++) {
      if (pc >= instructions()) {
        throw new AssertionError("ran off the end of the program");
      }
      int code = program.getShort(pc * 8) & 0xffff;
      int jt = program.get(pc * 8 + 2) & 0xff;
      int jf = program.get(pc * 8 + 3) & 0xff;
      int k = program.getInt(pc * 8 + 4);
      pc++;
      switch (code) {
        case BpfAssembler.LD_W_ABS -> {
          if (k < 0 || k > 60 || k % 4 != 0) {
            throw new AssertionError("load outside seccomp_data: " + k);
          }
          a = data.getInt(k);
        }
        case BpfAssembler.ALU_AND_K -> a &= k;
        case BpfAssembler.JA -> pc += k;
        case BpfAssembler.JEQ_K -> pc += a == k ? jt : jf;
        case BpfAssembler.JGT_K -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
        case BpfAssembler.JGE_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf;
        case BpfAssembler.RET_K -> {
          return k;
        }
        default -> throw new AssertionError("unexpected instruction 0x" + Integer.toHexString(code));
      }
    }
    throw new AssertionError("no return");
  }
}
