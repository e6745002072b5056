package dev.hoist.runtime;

import dev.hoist.cache.store.HoistHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs containers with hoist's native shim ({@code src/main/c/hoist-shim.c}): writes
 * {@code <containerDir>/shim.conf}, the container's {@code hosts}, {@code resolv.conf} and
 * {@code hostname}, then starts {@code hoist-shim <containerDir>/shim.conf}. The shim's exit
 * status is the container's. Needs root (real, not a user namespace, for now).
 */
public final class ShimRuntime implements Runtime {
  private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9+]{1,16}");

  private final Path shim;

  public ShimRuntime(Path shim) {
    this.shim = shim;
  }

  /** The shim packed with this build, extracted under {@code home} (see {@link ShimBinary}). */
  public static ShimRuntime forHome(HoistHome home) throws IOException {
    return new ShimRuntime(ShimBinary.locate(home));
  }

  public Path shim() {
    return shim;
  }

  @Override
  public String name() {
    return "hoist";
  }

  @Override
  public ContainerProcess exec(ContainerSpec spec, ExecSpec exec, Stdio stdio) {
    throw new UnsupportedOperationException("exec is not supported by the shim yet");
  }

  @Override
  public void pause(ContainerSpec spec) {
    throw new UnsupportedOperationException("pause is not supported by the shim yet");
  }

  @Override
  public void resume(ContainerSpec spec) {
    throw new UnsupportedOperationException("unpause is not supported by the shim yet");
  }

  @Override
  public ContainerProcess start(ContainerSpec spec, Stdio stdio) throws IOException {
    if (spec.tty()) {
      throw new UnsupportedOperationException("terminals (tty) are not supported by the shim yet");
    }
    Path dir = spec.containerDir().toAbsolutePath();
    Files.createDirectories(spec.upperDir());
    Files.createDirectories(spec.workDir());
    Files.createDirectories(spec.rootfsDir());

    String hostname = spec.hostname();
    if (hostname == null || hostname.isEmpty()) {
      hostname = spec.network() == NetworkMode.HOST
          ? hostHostname()
          : shortName(dir.getFileName().toString());
    }
    Path hostnameFile = dir.resolve("hostname");
    Files.writeString(hostnameFile, hostname + "\n");
    Path hosts;
    Path resolv;
    if (spec.network() == NetworkMode.HOST) {
      hosts = Path.of("/etc/hosts");
      resolv = Path.of("/etc/resolv.conf");
      hosts = Files.exists(hosts) ? hosts : writeHosts(dir, hostname);
      resolv = Files.exists(resolv) ? resolv : writeResolv(dir);
    } else {
      hosts = writeHosts(dir, hostname);
      resolv = writeResolv(dir);
    }
    Path config = dir.resolve("shim.conf");
    ShimConfig.of(spec, hostname, hosts, resolv, hostnameFile, List.of()).write(config);

    ProcessBuilder pb = new ProcessBuilder(shim.toString(), config.toString())
        .redirectInput(stdio.stdin())
        .redirectOutput(stdio.stdout())
        .redirectError(stdio.stderr());
    pb.environment().clear(); // the container's environment comes from the config only
    return new Handle(pb.start());
  }

  private static String shortName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9-]", "");
    s = s.length() > 12 ? s.substring(0, 12) : s;
    return s.isEmpty() ? "localhost" : s;
  }

  private static String hostHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static Path writeHosts(Path dir, String hostname) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1\tlocalhost\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\n"
        + "127.0.0.1\t" + hostname + "\n", StandardCharsets.UTF_8);
    return hosts;
  }

  private static Path writeResolv(Path dir) throws IOException {
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "# no network: the container has only lo\n");
    return resolv;
  }

  private static final class Handle implements ContainerProcess {
    private final Process process;

    Handle(Process process) {
      this.process = process;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public int waitFor() throws InterruptedException {
      return process.waitFor();
    }

    @Override
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)
          ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    }

    @Override
    public void signal(String signal) throws IOException {
      String s = signal.startsWith("SIG") ? signal.substring(3) : signal;
      if (!SIGNAL.matcher(s).matches()) {
        throw new IllegalArgumentException("not a signal: " + signal);
      }
      if (!process.isAlive()) {
        return;
      }
      // The shim forwards what it receives to the container's main process.
      Process kill = new ProcessBuilder("kill", "-" + s, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .start();
      try {
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0 && process.isAlive()) {
          throw new IOException("kill -" + s + " " + process.pid() + ": " + out.trim());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while signalling the container", e);
      }
    }

    @Override
    public OutputStream stdin() {
      return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
      return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
      return process.getErrorStream();
    }
  }
}
