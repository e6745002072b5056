package dev.hoist.internal.runtime;

import dev.hoist.cache.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * User-mode emulation of foreign CPUs through binfmt_misc: which platforms this machine runs
 * natively, whether a QEMU handler is registered for another one ({@code
 * /proc/sys/fs/binfmt_misc/qemu-ARCH}, enabled, with the {@code F} flag so that the interpreter
 * is opened at registration and found from inside a container's root), and the registration of
 * Debian's {@code qemu-user-static} handlers ({@code /usr/lib/binfmt.d/qemu-ARCH.conf}).
 *
 * <pre>{@code
 * Emulation.system().require(Platform.parse("linux/arm64"));   // or a clear EmulationException
 * }</pre>
 */
public final class Emulation {
  /** The package whose handlers this class registers. */
  public static final String PACKAGE = "qemu-user-static";

  private final Path binfmt;
  private final Path confDir;
  private final Platform host;

  /** {@code binfmt}: binfmt_misc's directory; {@code confDir}: where the handlers' files are. */
  public Emulation(Path binfmt, Path confDir, Platform host) {
    this.binfmt = binfmt;
    this.confDir = confDir;
    this.host = host.normalized();
  }

  /** This machine's binfmt_misc, Debian's binfmt.d directory and the JVM's platform. */
  public static Emulation system() {
    return new Emulation(Path.of("/proc/sys/fs/binfmt_misc"), Path.of("/usr/lib/binfmt.d"),
        Platform.host());
  }

  /** What a user can do about a missing handler. */
  public static final class EmulationException extends RuntimeException {
    EmulationException(String message) {
      super(message);
    }
  }

  /**
   * Whether this machine runs {@code platform}'s programs itself: the same OS and architecture
   * (amd64 also runs 386, arm64 also runs arm/v7 only where the CPU has AArch32, which is not
   * assumed).
   */
  public boolean isNative(Platform platform) {
    Platform p = platform.normalized();
    if (!p.os().equals(host.os())) {
      return false;
    }
    return p.architecture().equals(host.architecture())
        || host.architecture().equals("amd64") && p.architecture().equals("386");
  }

  /**
   * QEMU's name for {@code platform}'s CPU ({@code aarch64}, {@code arm}, {@code riscv64}, …),
   * as the handler and the {@code qemu-ARCH-static} binary are named.
   */
  public static String qemuArchitecture(Platform platform) {
    Platform p = platform.normalized();
    return switch (p.architecture()) {
      case "arm64" -> "aarch64";
      case "amd64" -> "x86_64";
      case "386" -> "i386";
      case "mips64le" -> "mips64el";
      case "mipsle" -> "mipsel";
      case "ppc64" -> "ppc64";
      case "loong64" -> "loongarch64";
      default -> p.architecture();
    };
  }

  /** The registered handler's file for {@code platform}, enabled and with the F flag, if any. */
  public Optional<Path> handler(Platform platform) {
    Path file = binfmt.resolve("qemu-" + qemuArchitecture(platform));
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      boolean enabled = !lines.isEmpty() && lines.get(0).trim().equals("enabled");
      boolean fixed = lines.stream().anyMatch(l -> l.startsWith("flags:")
          && l.substring("flags:".length()).contains("F"));
      return enabled && fixed ? Optional.of(file) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Nothing when {@code platform} runs natively or under a registered handler; otherwise an
   * {@link EmulationException} naming the handler looked for and the fix.
   */
  public void require(Platform platform) {
    if (isNative(platform) || handler(platform).isPresent()) {
      return;
    }
    String arch = qemuArchitecture(platform);
    Path file = binfmt.resolve("qemu-" + arch);
    String state = Files.exists(file) ? file + " is disabled or lacks the F flag"
        : "no binfmt_misc handler " + file;
    throw new EmulationException(platform.formatted() + " programs cannot run on this "
        + host.formatted() + " machine: " + state + " (install Debian's " + PACKAGE
        + " package, then register its handlers as root with `hoist system emulation install`)");
  }

  /** A handler registered by {@link #install}, or why it was not. */
  public record Registration(String name, String outcome) {}

  /**
   * Registers {@link #PACKAGE}'s handlers (all of them, or those of {@code only}) with the F
   * flag, mounting binfmt_misc first when it is not; a handler already registered is left as it
   * is. Needs root.
   */
  public List<Registration> install(List<Platform> only) throws IOException, InterruptedException {
    if (!Files.isDirectory(confDir)) {
      throw new EmulationException("no " + confDir + ": install Debian's " + PACKAGE
          + " package first");
    }
    Path register = binfmt.resolve("register");
    if (!Files.exists(register)) {
      Process mount = new ProcessBuilder("mount", "-t", "binfmt_misc", "binfmt_misc",
          binfmt.toString()).redirectErrorStream(true).start();
      String out = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (mount.waitFor() != 0 || !Files.exists(register)) {
        throw new EmulationException("binfmt_misc is not mounted at " + binfmt
            + " and mounting it failed (run as root): " + out.trim());
      }
    }
    List<String> wanted = new ArrayList<>();
    for (Platform p : only) {
      wanted.add(qemuArchitecture(p));
    }
    List<Registration> done = new ArrayList<>();
    List<Path> confs;
    try (var files = Files.list(confDir)) {
      confs = files.filter(f -> f.getFileName().toString().matches("qemu-.+\\.conf"))
          .sorted().toList();
    }
    if (confs.isEmpty()) {
      throw new EmulationException("no qemu-*.conf in " + confDir + ": install Debian's "
          + PACKAGE + " package first");
    }
    for (Path conf : confs) {
      String file = conf.getFileName().toString();
      String name = file.substring(0, file.length() - ".conf".length());
      if (!wanted.isEmpty() && !wanted.contains(name.substring("qemu-".length()))) {
        continue;
      }
      String line = Files.readAllLines(conf, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith(":")).findFirst().orElse(null);
      if (line == null) {
        done.add(new Registration(name, "skipped: no rule in " + conf));
        continue;
      }
      if (Files.exists(binfmt.resolve(name))) {
        done.add(new Registration(name, "already registered"));
        continue;
      }
      String[] fields = line.split(":", -1);
      String flags = fields[fields.length - 1];
      if (!flags.contains("F")) {
        line = line + "F";
      }
      try {
        Files.writeString(register, line);
      } catch (IOException e) {
        throw new EmulationException("registering " + name + " in " + register
            + " failed (run as root): " + e.getMessage());
      }
      done.add(new Registration(name, "registered"));
    }
    for (String w : wanted) {
      if (done.stream().noneMatch(r -> r.name().equals("qemu-" + w))) {
        throw new EmulationException("no handler for " + w + " in " + confDir + " (package "
            + PACKAGE + ")");
      }
    }
    return done;
  }
}
