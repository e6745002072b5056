package dev.hoist.internal.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A block device of the host to attack from a container: a loop device over a file that starts
 * with {@link #SECRET}. (A loop device rather than the root disk: it is readable by the host's
 * root wherever the test runs, and reading it cannot harm anything.) Root and losetup needed.
 */
final class HostBlockDevice implements AutoCloseable {
  static final String SECRET = "host-secret-on-a-block-device";
  private final Path losetup;
  private final Path device;
  final int major;
  final int minor;

  private HostBlockDevice(Path losetup, Path device, int major, int minor) {
    this.losetup = losetup;
    this.device = device;
    this.major = major;
    this.minor = minor;
  }

  /** Attaches a loop device to a new 1 MiB file under {@code dir}; skips without losetup. */
  static HostBlockDevice attach(Path dir) throws IOException, InterruptedException {
    Optional<Path> losetup = ExternalTools.find("losetup")
        .or(() -> Optional.of(Path.of("/usr/sbin/losetup")).filter(Files::isExecutable));
    assumeTrue(losetup.isPresent(), "losetup is missing (apt-get install mount): skipped");
    Path image = Files.createTempFile(dir, "disk-", ".img");
    byte[] content = new byte[1 << 20];
    byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(secret, 0, content, 0, secret.length);
    Files.write(image, content);
    Process p = new ProcessBuilder(losetup.get().toString(), "-f", "--show", image.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assumeTrue(p.waitFor() == 0 && out.startsWith("/dev/"),
        "no loop device could be attached: skipped");
    Path device = Path.of(out);
    long rdev = ((Number) Files.getAttribute(device, "unix:rdev")).longValue();
    // glibc's encoding of dev_t
    int major = (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    int minor = (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    HostBlockDevice d = new HostBlockDevice(losetup.get(), device, major, minor);
    boolean readable;
    try (var in = Files.newInputStream(device)) {
      readable = new String(in.readNBytes(secret.length), StandardCharsets.US_ASCII)
          .equals(SECRET);
    } catch (IOException e) {
      readable = false;
    }
    if (!readable) {
      d.close();
    }
    assumeTrue(readable, "the host itself cannot read " + device + ": skipped");
    return d;
  }

  /** A node of it at {@code node}, mode 0666 (as an image could ship one). */
  void makeNode(Path node) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mknod", "-m", "666", node.toString(), "b",
        Integer.toString(major), Integer.toString(minor)).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("mknod " + node + " failed");
    }
  }

  /** The host's node. */
  Path device() {
    return device;
  }

  /** {@code MAJOR MINOR}, as mknod takes them. */
  String numbers() {
    return major + " " + minor;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder(losetup.toString(), "-d", device.toString()).inheritIO().start()
        .waitFor();
  }
}
