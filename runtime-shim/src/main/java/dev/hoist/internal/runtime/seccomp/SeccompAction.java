package dev.hoist.internal.runtime.seccomp;

import java.util.Locale;

/** What a filter does with a syscall: libseccomp's {@code SCMP_ACT_*} actions. */
public enum SeccompAction {
  /** Run it. */
  ALLOW(0x7fff0000),
  /** Fail it with an errno (the rule's, else EPERM). */
  ERRNO(0x00050000),
  /** Kill the thread ({@code SCMP_ACT_KILL} is this one, as in libseccomp). */
  KILL_THREAD(0x00000000),
  /** Kill the whole process. */
  KILL_PROCESS(0x80000000),
  /** Send SIGSYS. */
  TRAP(0x00030000),
  /** Tell a ptrace tracer (fails with ENOSYS when there is none). */
  TRACE(0x7ff00000),
  /** Run it and log it. */
  LOG(0x7ffc0000);

  /** {@code SECCOMP_RET_*}; the low 16 bits carry the errno or trace data. */
  final int ret;

  SeccompAction(int ret) {
    this.ret = ret;
  }

  /** {@code SCMP_ACT_ALLOW} etc.; {@code what} names the field in the error. */
  static SeccompAction parse(String name, String what) {
    return switch (name == null ? "" : name) {
      case "SCMP_ACT_ALLOW" -> ALLOW;
      case "SCMP_ACT_ERRNO" -> ERRNO;
      case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> KILL_THREAD;
      case "SCMP_ACT_KILL_PROCESS" -> KILL_PROCESS;
      case "SCMP_ACT_TRAP" -> TRAP;
      case "SCMP_ACT_TRACE" -> TRACE;
      case "SCMP_ACT_LOG" -> LOG;
      case "SCMP_ACT_NOTIFY" -> throw new SeccompProfileException(what
          + " SCMP_ACT_NOTIFY is not supported (it needs a listener; hoist has none)");
      default -> throw new SeccompProfileException(what + " '" + name
          + "' is not a seccomp action (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, "
          + "SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_TRACE, "
          + "SCMP_ACT_LOG)");
    };
  }

  /** The OCI runtime spec's name ({@code SCMP_ACT_KILL_THREAD} is spelled SCMP_ACT_KILL). */
  String ociName() {
    return this == KILL_THREAD ? "SCMP_ACT_KILL" : "SCMP_ACT_" + name().toUpperCase(Locale.ROOT);
  }
}
