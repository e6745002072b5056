package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link ContainerProcess} that hands every call to another; a subclass overrides what it
 * adds (events on exit, logged streams) and keeps the rest.
 */
abstract class ForwardingContainerProcess implements ContainerProcess {
  private final ContainerProcess process;

  ForwardingContainerProcess(ContainerProcess process) {
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
    return process.waitFor(timeout);
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
