package dev.hoist.internal.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's profile format read and resolved as Docker resolves it. */
class SeccompProfileTest {
  static final KernelVersion KERNEL = new KernelVersion(6, 1);

  static SeccompPolicy resolve(String json, List<String> caps, NativeArch arch,
      KernelVersion kernel) {
    return new SeccompResolver(caps, arch, kernel).resolve(SeccompProfile.parse(json, "test"));
  }

  static List<String> namesOf(SeccompPolicy p) {
    return p.rules().stream().flatMap(r -> r.names().stream()).toList();
  }

  @Test
  void rulesAreKeptByCapabilitiesArchitectureAndKernel() {
    String json = """
        {"defaultAction": "SCMP_ACT_ERRNO",
         "archMap": [{"architecture": "SCMP_ARCH_X86_64",
                      "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                     {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
         "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
          {"name": "write", "action": "SCMP_ACT_ALLOW"},
          {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
          {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
           "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}],
           "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
          {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
          {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
          {"names": ["future"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "99.1"}},
          {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
          {"names": ["kill"], "action": "SCMP_ACT_ERRNO"}
         ]}
        """;
    SeccompPolicy plain = resolve(json, List.of("CAP_KILL"), NativeArch.X86_64, KERNEL);
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
        plain.architectures());
    assertEquals(List.of("read", "write", "clone", "arch_prctl", "ptrace", "clone3"),
        namesOf(plain), "kill's rule is the default action, so left out, as libseccomp");
    assertEquals(38, plain.rules().get(5).errno());
    SeccompPolicy admin = resolve(json, List.of("CAP_SYS_ADMIN"), NativeArch.AARCH64,
        new KernelVersion(4, 4));
    assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), admin.architectures());
    assertEquals(List.of("read", "write", "mount", "clone3"), namesOf(admin));
  }

  @Test
  void dockerDefaultDependsOnCapabilities() {
    SeccompProfile d = SeccompProfile.dockerDefault();
    SeccompPolicy docker = new SeccompResolver(BpfCompilerTest.DOCKER_CAPS, NativeArch.X86_64,
        KERNEL).resolve(d);
    List<String> names = namesOf(docker);
    assertTrue(names.contains("chroot"), "CAP_SYS_CHROOT is a default capability");
    assertFalse(names.contains("mount"));
    assertFalse(names.contains("keyctl"));
    assertFalse(names.stream().anyMatch(n -> n.startsWith("io_uring")),
        "io_uring is refused, as moby's profile since 25.0");
    assertEquals("SCMP_ACT_ERRNO", d.defaultAction());
    assertEquals(1, docker.defaultErrno());
  }

  @Test
  void badProfilesAreRefusedWithTheirFault() {
    assertMessage("{", "not valid JSON");
    assertMessage("{\"syscalls\": []}", "defaultAction is missing");
    assertMessage("{\"defaultAction\": 3}", "defaultAction is not a string");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}",
        "syscalls is not an array");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
        + "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": \"1\"}]}",
        "syscalls[0].errnoRet is not a whole number");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_MAYBE\"}", "'SCMP_ACT_MAYBE' is not a seccomp action");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
        + "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, "
        + "\"op\": \"SCMP_CMP_ABOUT\"}]}]}", "syscalls[0].args.op 'SCMP_CMP_ABOUT'");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
        + "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 1, "
        + "\"op\": \"SCMP_CMP_EQ\"}]}]}", "argument index 6");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"action\": "
        + "\"SCMP_ACT_ERRNO\"}]}", "syscalls[0] names no syscall");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}", "SCMP_ACT_NOTIFY is not supported");
    assertMessage("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
        + "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, "
        + "\"value\": 18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}]}]}",
        "not an unsigned 64-bit number");
  }

  @Test
  void uint64ValuesKeepAllTheirBits() {
    SeccompPolicy p = resolve("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
        + "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, "
        + "\"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}",
        List.of(), NativeArch.X86_64, KERNEL);
    assertEquals(-1L, p.rules().get(0).conditions().get(0).value());
  }

  static void assertMessage(String json, String expected) {
    SeccompProfileException e = assertThrows(SeccompProfileException.class,
        () -> SeccompProfile.parse(json, "/tmp/p.json"));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("/tmp/p.json"),
        e.getMessage());
  }
}
