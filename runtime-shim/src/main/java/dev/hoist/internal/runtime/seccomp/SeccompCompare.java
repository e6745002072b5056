package dev.hoist.internal.runtime.seccomp;

/** How an argument is compared: libseccomp's {@code SCMP_CMP_*}, on unsigned 64-bit values. */
public enum SeccompCompare {
  NE, LT, LE, EQ, GE, GT,
  /** {@code (arg & value) == valueTwo}. */
  MASKED_EQ;

  static SeccompCompare parse(String op, String what) {
    if (op != null && op.startsWith("SCMP_CMP_")) {
      try {
        return valueOf(op.substring("SCMP_CMP_".length()));
      } catch (IllegalArgumentException e) {
        // below
      }
    }
    throw new SeccompProfileException(what + " '" + op + "' is not a comparison (SCMP_CMP_EQ, "
        + "SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ)");
  }

  /** Whether {@code arg} passes (the reference for the compiled filter). */
  boolean test(long arg, long value, long valueTwo) {
    return switch (this) {
      case NE -> arg != value;
      case LT -> Long.compareUnsigned(arg, value) < 0;
      case LE -> Long.compareUnsigned(arg, value) <= 0;
      case EQ -> arg == value;
      case GE -> Long.compareUnsigned(arg, value) >= 0;
      case GT -> Long.compareUnsigned(arg, value) > 0;
      case MASKED_EQ -> (arg & value) == valueTwo;
    };
  }
}
