package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.UUID;

/**
 * Finds the native shim. The build compiles {@code src/main/c/hoist-shim.c} and packs it as the
 * resource {@value #RESOURCE}; on first use it is extracted to
 * {@code $HOIST_HOME/bin/hoist-shim-crc<CRC-32 of its jar entry>-<size>} (from a jar; else
 * {@code hoist-shim-<first 16 hex of its sha256>}) with mode 0755 (a new build
 * gets a new name, so hoist processes of different versions never overwrite each other's). The
 * {@code hoist.shim} system property or {@code HOIST_SHIM} environment variable names a binary
 * to use instead.
 */
public final class ShimBinary {
  static final String RESOURCE = "dev/hoist/internal/runtime/native/hoist-shim";
  static final String MONITOR_RESOURCE = "dev/hoist/internal/runtime/native/hoist-monitor";
  static final String NET_RESOURCE = "dev/hoist/internal/runtime/native/hoist-net";
  static final String REAPER_RESOURCE = "dev/hoist/internal/runtime/native/hoist-reaper";
  /** Where {@link #locateNet} extracts: machine-wide, as the networks it serves. */
  static final Path NET_BIN = Path.of("/run/hoist/bin");

  /** What this process has extracted or found already, by {@code <bin dir>/<resource>}. */
  private static final Map<Path, Path> EXTRACTED = new ConcurrentHashMap<>();

  private ShimBinary() {}

  public static Path locate(HoistHome home) throws IOException {
    return locate(home, RESOURCE, System.getProperty("hoist.shim", System.getenv("HOIST_SHIM")));
  }

  /**
   * The monitor of detached containers ({@code src/main/c/hoist-monitor.c}), extracted the same
   * way as the shim; {@code hoist.monitor} or {@code HOIST_MONITOR} names another binary.
   */
  public static Path locateMonitor(HoistHome home) throws IOException {
    return locate(home, MONITOR_RESOURCE,
        System.getProperty("hoist.monitor", System.getenv("HOIST_MONITOR")));
  }

  /**
   * The network namespace helper ({@code src/main/c/hoist-net.c}), extracted the same way
   * under {@code /run/hoist/bin} (the bridge and its addresses belong to the machine, not to
   * one {@code $HOIST_HOME}); {@code hoist.net} or {@code HOIST_NET} names another binary.
   */
  public static Path locateNet() throws IOException {
    return locate(NET_BIN, NET_RESOURCE,
        System.getProperty("hoist.net", System.getenv("HOIST_NET")));
  }

  /**
   * The bytes of Testcontainers' reaper ({@code src/main/c/hoist-reaper.c}, a static program):
   * it runs in a container, so it goes into an image rather than to a path on the host.
   */
  public static byte[] reaper() throws IOException {
    try (InputStream in = ShimBinary.class.getClassLoader().getResourceAsStream(
        REAPER_RESOURCE)) {
      if (in == null) {
        throw new IOException("the native hoist-reaper (" + REAPER_RESOURCE + ") is not on the "
            + "class path: build runtime-shim with Maven on Linux (it needs cc)");
      }
      return in.readAllBytes();
    }
  }

  private static Path locate(HoistHome home, String resource, String override)
      throws IOException {
    return locate(home.root().resolve("bin"), resource, override);
  }

  private static Path locate(Path bin, String resource, String override) throws IOException {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    if (override != null && !override.isBlank()) {
      Path p = Path.of(override);
      if (!Files.isExecutable(p)) {
        throw new IOException(name + " " + p + " is not an executable file");
      }
      return p;
    }
    Path known = EXTRACTED.get(bin.resolve(resource));
    if (known != null) {
      return known;
    }
    // In a jar the entry's CRC-32 and size name the build: nothing to read or hash when the
    // binary is already extracted (reading and hashing it cost a quick command ~50 ms).
    URL url = ShimBinary.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException("the native " + name + " (" + resource + ") is not on the class "
          + "path: build runtime-shim with Maven on Linux (it needs cc)");
    }
    Path target = null;
    long expectedSize = -1;
    if (url.openConnection() instanceof JarURLConnection jar) {
      jar.setUseCaches(false);
      JarEntry entry = jar.getJarEntry();
      if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
        target = bin.resolve(name + "-crc" + Long.toHexString(entry.getCrc())
            + "-" + entry.getSize());
        expectedSize = entry.getSize();
      }
    }
    if (target != null && Files.isExecutable(target) && Files.size(target) == expectedSize) {
      EXTRACTED.put(bin.resolve(resource), target);
      return target;
    }
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = in.readAllBytes();
    }
    if (target == null) {
      target = bin.resolve(name + "-" + HexFormat.of().formatHex(sha256(bytes)).substring(0, 16));
    }
    if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
      EXTRACTED.put(bin.resolve(resource), target);
      return target;
    }
    Files.createDirectories(bin);
    Path tmp = bin.resolve(".tmp-" + name + "-" + UUID.randomUUID());
    try {
      Files.write(tmp, bytes);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    EXTRACTED.put(bin.resolve(resource), target);
    return target;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
