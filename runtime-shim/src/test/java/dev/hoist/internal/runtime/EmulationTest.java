package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.cache.model.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Emulation} over a binfmt_misc directory and a binfmt.d directory of the test's own
 * (files as the kernel and Debian's qemu-user-static write them), on an amd64 host.
 */
class EmulationTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");
  private static final Platform ARM64 = Platform.parse("linux/arm64");
  /** Debian 12's qemu-aarch64.conf rule, its flags without F. */
  private static final String RULE = ":qemu-aarch64:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01"
      + ":\\xff\\xff\\xff\\xff\\xff\\xff\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OP";

  @TempDir Path dir;

  private Emulation emulation() throws Exception {
    return new Emulation(Files.createDirectories(dir.resolve("binfmt_misc")),
        Files.createDirectories(dir.resolve("binfmt.d")), AMD64);
  }

  private void handler(String name, String state, String flags) throws Exception {
    Files.writeString(dir.resolve("binfmt_misc").resolve(name), state + "\n"
        + "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: " + flags + "\n");
  }

  @Test
  void theHostsOwnPlatformsNeedNoHandler() throws Exception {
    Emulation e = emulation();
    assertTrue(e.isNative(AMD64));
    assertTrue(e.isNative(Platform.parse("linux/x86_64")));
    assertTrue(e.isNative(Platform.parse("linux/386")));
    assertFalse(e.isNative(ARM64));
    e.require(AMD64);
    assertEquals("aarch64", Emulation.qemuArchitecture(ARM64));
    assertEquals("arm", Emulation.qemuArchitecture(Platform.parse("linux/arm/v7")));
  }

  @Test
  void aMissingHandlerIsRefusedNamingThePackageAndTheCommand() throws Exception {
    Emulation.EmulationException e = assertThrows(Emulation.EmulationException.class,
        () -> emulation().require(ARM64));
    assertTrue(e.getMessage().startsWith("linux/arm64 programs cannot run on this linux/amd64 "
        + "machine: no binfmt_misc handler "), e.getMessage());
    assertTrue(e.getMessage().contains("qemu-aarch64"), e.getMessage());
    assertTrue(e.getMessage().contains("qemu-user-static"), e.getMessage());
    assertTrue(e.getMessage().contains("hoist system emulation install"), e.getMessage());
  }

  @Test
  void onlyAnEnabledHandlerWithTheFFlagWillDo() throws Exception {
    Emulation e = emulation();
    handler("qemu-aarch64", "enabled", "OP");
    assertTrue(assertThrows(Emulation.EmulationException.class, () -> e.require(ARM64))
        .getMessage().contains("is disabled or lacks the F flag"));
    handler("qemu-aarch64", "disabled", "POF");
    assertTrue(e.handler(ARM64).isEmpty());
    handler("qemu-aarch64", "enabled", "POF");
    assertTrue(e.handler(ARM64).isPresent());
    e.require(ARM64);
  }

  @Test
  void installWritesTheRuleWithTheFFlagAndLeavesRegisteredOnesAlone() throws Exception {
    Emulation e = emulation();
    Files.writeString(dir.resolve("binfmt.d/qemu-aarch64.conf"), RULE + "\n");
    Files.writeString(dir.resolve("binfmt.d/qemu-arm.conf"), RULE.replace("aarch64", "arm"));
    Path register = Files.writeString(dir.resolve("binfmt_misc/register"), "");
    assertEquals(List.of(new Emulation.Registration("qemu-aarch64", "registered")),
        e.install(List.of(ARM64)));
    assertEquals(RULE + "F", Files.readString(register));

    handler("qemu-aarch64", "enabled", "POF");
    Files.writeString(register, "");
    assertEquals(List.of(new Emulation.Registration("qemu-aarch64", "already registered"),
        new Emulation.Registration("qemu-arm", "registered")), e.install(List.of()));
    assertTrue(Files.readString(register).startsWith(":qemu-arm:"));

    assertTrue(assertThrows(Emulation.EmulationException.class,
        () -> e.install(List.of(Platform.parse("linux/s390x")))).getMessage()
        .contains("no handler for s390x"));
  }
}
