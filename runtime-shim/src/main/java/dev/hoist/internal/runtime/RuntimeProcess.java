package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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

  /** Reads the runtime's own start-up error, once the process exited. */
  interface StartError {
    Optional<String> read() throws IOException;
  }

  /** Delivers a signal (a validated name or number without {@code SIG}) into the container. */
  interface Signaller {
    void signal(String signal) throws IOException;
  }

  private final Process process;
  private final CompletableFuture<Void> cleaned;
  private final Signaller signaller;
  private final StartError startError;
  private final java.util.function.IntUnaryOperator exitCode;
  private volatile BooleanSupplier oomKilled = () -> false;

  /** Signals go to the process itself, which forwards them. */
  RuntimeProcess(Process process, Cleanup cleanup, Diagnostics diagnostics) {
    this(process, cleanup, null, Optional::empty, diagnostics);
  }

  /** {@code diagnostics} is told when the clean-up fails (the process's end fails nothing). */
  RuntimeProcess(Process process, Cleanup cleanup, Signaller signaller, StartError startError,
      Diagnostics diagnostics) {
    this(process, cleanup, signaller, startError, java.util.function.IntUnaryOperator.identity(),
        diagnostics);
  }

  /** As above; {@code exitCode} turns the process's exit status into the container's. */
  RuntimeProcess(Process process, Cleanup cleanup, Signaller signaller, StartError startError,
      java.util.function.IntUnaryOperator exitCode, Diagnostics diagnostics) {
    this.process = process;
    this.exitCode = exitCode;
    this.signaller = signaller != null ? signaller : this::killProcess;
    this.startError = startError;
    this.cleaned = process.onExit().thenRun(() -> {
      try {
        cleanup.run();
      } catch (IOException e) {
        diagnostics.warn("cleaning up after the container: " + e.getMessage());
      }
    });
  }

  /**
   * This process, telling {@link #oomKilled} from {@code read} (what the clean-up saw in the
   * container's cgroups before it removed them).
   */
  RuntimeProcess reportingOomKills(BooleanSupplier read) {
    oomKilled = read;
    return this;
  }

  @Override
  public boolean oomKilled() {
    return oomKilled.getAsBoolean();
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    cleaned.join();
    return exitCode.applyAsInt(code);
  }

  @Override
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return OptionalInt.empty();
    }
    cleaned.join();
    return OptionalInt.of(exitCode.applyAsInt(process.exitValue()));
  }

  @Override
  public void signal(String signal) throws IOException {
    String s = signal.startsWith("SIG") ? signal.substring(3) : signal;
    if (!SIGNAL.matcher(s).matches()) {
      throw new IllegalArgumentException("not a signal: " + signal);
    }
    if (process.isAlive()) {
      signaller.signal(s);
    }
  }

  private void killProcess(String s) throws IOException {
    run(List.of("kill", "-" + s, Long.toString(process.pid())), process::isAlive);
  }

  /**
   * Runs a short command; fails with its output when it fails and {@code mattered} still says
   * so (a signal for a process that has exited in the meantime did not matter).
   */
  static void run(List<String> command, BooleanSupplier mattered) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 && mattered.getAsBoolean()) {
        throw new IOException(String.join(" ", command) + ": " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  @Override
  public Optional<String> startError() {
    if (process.isAlive()) {
      return Optional.empty();
    }
    try {
      return startError.read();
    } catch (IOException e) {
      return Optional.empty(); // nothing readable: the exit status is all there is
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
