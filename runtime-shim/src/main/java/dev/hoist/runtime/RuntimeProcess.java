package dev.hoist.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link ContainerProcess} that is one host process relaying into the container (the shim, or
 * {@code runc run}/{@code runc exec}, which forward the signals they get), with a clean-up step
 * that runs once after it exits (cgroups, mounts, files) and before {@link #waitFor} returns.
 */
final class RuntimeProcess implements ContainerProcess {
  private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9+]{1,16}");

  /** Clean-up after the process exited. */
  interface Cleanup {
    void run() throws IOException;
  }

  private final Process process;
  private final CompletableFuture<Void> cleaned;

  RuntimeProcess(Process process, Cleanup cleanup) {
    this.process = process;
    this.cleaned = process.onExit().thenRun(() -> {
      try {
        cleanup.run();
      } catch (IOException e) {
        System.err.println("hoist: cleaning up after the container: " + e.getMessage());
      }
    });
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    cleaned.join();
    return code;
  }

  @Override
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return OptionalInt.empty();
    }
    cleaned.join();
    return OptionalInt.of(process.exitValue());
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
