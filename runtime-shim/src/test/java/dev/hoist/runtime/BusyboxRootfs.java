package dev.hoist.runtime;

import dev.hoist.fixtures.Privileges;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-directory root filesystem from the host's static busybox (busybox-static). */
final class BusyboxRootfs {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final List<String> APPLETS = List.of("sh", "echo", "cat", "ls", "id", "hostname",
      "sleep", "ps", "mount", "touch", "kill", "wc", "date", "grep", "test", "true", "pwd",
      "tr", "env", "head", "stat", "tty", "stty", "seq", "mknod", "mkdir", "find", "unshare");

  private BusyboxRootfs() {}

  /** Skips the calling test unless it runs as root with a static busybox on the host. */
  static void assumeUsable() throws IOException {
    assumeTrue(Privileges.isRoot(), "runtime-shim tests need root (namespaces, overlayfs, pivot_root): "
        + "skipped");
    assumeTrue(Files.isExecutable(BUSYBOX), "runtime-shim tests need a static /bin/busybox "
        + "(apt-get install busybox-static): skipped");
  }

  static Path create(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"));
    Files.setPosixFilePermissions(bin.resolve("busybox"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), """
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:app user:/home/app:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
        """);
    Files.writeString(etc.resolve("group"), """
        root:x:0:
        staff:x:50:app
        audio:x:29:nobody,app
        app:x:1000:
        nogroup:x:65534:
        """);
    Files.createDirectories(dir.resolve("tmp"));
    Files.setPosixFilePermissions(dir.resolve("tmp"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }
}
