package dev.hoist.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A runtime process the monitor started (see {@link MonitorChannel}): not this JVM's child, so
 * there is nothing to wait for here (the monitor does, and runs the clean-up step after it) and
 * no streams (they go to the container's log). It exists, is alive and can be killed.
 */
final class MonitoredProcess extends Process {
  private final HostProcess process;

  MonitoredProcess(HostProcess process) {
    this.process = process;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Never completes here: the monitor waits for the process and cleans up after it. */
  @Override
  public CompletableFuture<Process> onExit() {
    return new CompletableFuture<>();
  }

  @Override
  public int waitFor() throws InterruptedException {
    while (process.isAlive()) {
      Thread.sleep(50);
    }
    return 255; // the status is the monitor's to know
  }

  @Override
  public int exitValue() {
    if (process.isAlive()) {
      throw new IllegalThreadStateException("process " + process.pid() + " is running");
    }
    return 255;
  }

  @Override
  public void destroy() {
    try {
      process.signal("TERM");
    } catch (IOException e) {
      // gone already
    }
  }

  @Override
  public Process destroyForcibly() {
    try {
      process.signal("KILL");
    } catch (IOException e) {
      // gone already
    }
    return this;
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }
}
