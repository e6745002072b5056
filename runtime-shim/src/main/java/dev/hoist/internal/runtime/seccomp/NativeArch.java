package dev.hoist.internal.runtime.seccomp;

/**
 * The machine's architecture under its three names: Go's (a profile's {@code arches}),
 * libseccomp's ({@code archMap}, OCI) and the kernel's {@code AUDIT_ARCH_*} (what a filter
 * checks). hoist's filter compiler knows x86_64's syscall numbers only.
 */
enum NativeArch {
  X86_64("amd64", "SCMP_ARCH_X86_64", 0xc000003e),
  AARCH64("arm64", "SCMP_ARCH_AARCH64", 0xc00000b7);

  private final String goName;
  private final String seccompName;
  final int auditArch;

  NativeArch(String goName, String seccompName, int auditArch) {
    this.goName = goName;
    this.seccompName = seccompName;
    this.auditArch = auditArch;
  }

  String goName() {
    return goName;
  }

  String seccompName() {
    return seccompName;
  }

  static NativeArch current() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> throw new SeccompProfileException("seccomp: the architecture " + a
          + " is not supported (x86_64, aarch64); run with --security-opt seccomp=unconfined");
    };
  }
}
