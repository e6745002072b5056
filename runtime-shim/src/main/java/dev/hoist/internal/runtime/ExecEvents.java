package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exec'd process that appends Docker's {@code exec_die} (with {@code execID} and
 * {@code exitCode}) once its exit is first seen; {@code exec_create} and {@code exec_start}
 * are appended as it starts ({@link Containers#exec}).
 */
final class ExecEvents implements ContainerProcess {
  private final ContainerProcess process;
  private final Containers containers;
  private final ContainerState container;
  private final String execId;
  private final AtomicBoolean died = new AtomicBoolean();

  ExecEvents(ContainerProcess process, Containers containers, ContainerState container,
      String execId) {
    this.process = process;
    this.containers = containers;
    this.container = container;
    this.execId = execId;
  }

  private int died(int code) {
    if (died.compareAndSet(false, true)) {
      containers.emit(container, "exec_die", Map.of("execID", execId,
          "exitCode", Integer.toString(code)));
    }
    return code;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public int waitFor() throws InterruptedException {
    return died(process.waitFor());
  }

  @Override
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    OptionalInt code = process.waitFor(timeout);
    code.ifPresent(this::died);
    return code;
  }

  @Override
  public void signal(String signal) throws IOException {
    process.signal(signal);
  }

  @Override
  public OutputStream stdin() {
    return process.stdin();
  }

  @Override
  public InputStream stdout() {
    return process.stdout();
  }

  @Override
  public InputStream stderr() {
    return process.stderr();
  }

  @Override
  public Optional<String> startError() {
    return process.startError();
  }
}
