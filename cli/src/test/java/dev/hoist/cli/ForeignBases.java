package dev.hoist.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.model.Platform;
import dev.hoist.fixtures.BusyboxRootfs;
import dev.hoist.fixtures.ForeignBusybox;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.runtime.Emulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bases of the multi-platform tests: {@code bb:amd64}, {@code bb:arm64} and {@code bb:arm}
 * (arm/v7), busybox roots of those CPUs (Debian's {@code busybox-static:ARCH}, {@link
 * ForeignBusybox}) with fixed times, so the same digests anywhere; and QEMU's handlers for them.
 */
final class ForeignBases {
  static final Platform ARM64 = Platform.parse("linux/arm64");
  static final Platform ARM_V7 = Platform.parse("linux/arm/v7");

  private ForeignBases() {}

  /**
   * Skips the calling test unless containers run here and arm64 and arm/v7 programs can run
   * (their handlers registered when missing, as root).
   */
  static void assumeEmulation() throws Exception {
    BusyboxImage.assumeUsable();
    Emulation emulation = Emulation.system();
    if (emulation.handler(ARM64).isEmpty() || emulation.handler(ARM_V7).isEmpty()) {
      try {
        emulation.install(List.of(ARM64, ARM_V7));
      } catch (Emulation.EmulationException e) {
        assumeTrue(false, "arm64 emulation: " + e.getMessage() + ": skipped");
      }
    }
  }

  /** Imports {@code bb:amd64}, {@code bb:arm64} and {@code bb:arm} into {@code home}. */
  static void importInto(Path home, Path work) throws IOException {
    ImageStore store = new ImageStore(new HoistHome(home));
    store.initialise();
    Path roots = Files.createTempDirectory(work, "bases-");
    BusyboxImage.importAs(store, BusyboxRootfs.tar(Files.createDirectories(
        roots.resolve("amd64"))), "bb:amd64", Platform.parse("linux/amd64"));
    BusyboxImage.importAs(store, BusyboxRootfs.tar(Files.createDirectories(
        roots.resolve("arm64")), ForeignBusybox.binary("arm64")), "bb:arm64", ARM64);
    BusyboxImage.importAs(store, BusyboxRootfs.tar(Files.createDirectories(
        roots.resolve("armhf")), ForeignBusybox.binary("armhf")), "bb:arm", ARM_V7);
  }
}
