package dev.hoist.internal.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exec'd process that appends Docker's {@code exec_die} (with {@code execID} and
 * {@code exitCode}) once its exit is first seen; {@code exec_create} and {@code exec_start}
 * are appended as it starts ({@link Containers#exec}).
 */
final class ExecEvents extends ForwardingContainerProcess {
  private final Containers containers;
  private final ContainerState container;
  private final String execId;
  private final AtomicBoolean died = new AtomicBoolean();

  ExecEvents(ContainerProcess process, Containers containers, ContainerState container,
      String execId) {
    super(process);
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
  public int waitFor() throws InterruptedException {
    return died(super.waitFor());
  }

  @Override
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    OptionalInt code = super.waitFor(timeout);
    code.ifPresent(this::died);
    return code;
  }
}
