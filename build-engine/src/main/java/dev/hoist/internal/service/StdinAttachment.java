package dev.hoist.internal.service;

import dev.hoist.internal.runtime.AttachSocket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A stream copied to the standard input of a detached container made with {@code -i}, through
 * its monitor's {@link AttachSocket}, on a thread of its own: connected once the monitor listens
 * (an attachment made before the container's start waits for it, as {@code docker run -i}'s
 * does), until the stream ends (its end the container's when {@code closesStdin}: Docker's
 * {@code StdinOnce}), the {@link DetachKeys} are read (not passed on: {@link #detached()}), or
 * it is closed.
 */
public final class StdinAttachment implements AutoCloseable {
  private final Path containerDir;
  private final InputStream in;
  private final boolean closesStdin;
  private final DetachKeys.Watcher keys;
  private final BooleanSupplier mayStillListen;
  private final Thread thread;
  private volatile boolean detached;
  private volatile boolean closed;
  private volatile SocketChannel channel;

  private StdinAttachment(Path containerDir, InputStream in, boolean closesStdin,
      DetachKeys keys, BooleanSupplier mayStillListen) {
    this.containerDir = containerDir;
    this.in = in;
    this.closesStdin = closesStdin;
    this.keys = keys.watcher();
    this.mayStillListen = mayStillListen;
    this.thread = new Thread(this::copy, "hoist-attach-stdin");
    this.thread.setDaemon(true); // a read of a terminal cannot be interrupted
  }

  /**
   * Starts copying {@code in} to the stdin of the container in {@code containerDir};
   * {@code mayStillListen}: whether its monitor may still come to listen (false: the attachment
   * ends unconnected).
   */
  static StdinAttachment start(Path containerDir, InputStream in, boolean closesStdin,
      DetachKeys keys, BooleanSupplier mayStillListen) {
    StdinAttachment a = new StdinAttachment(containerDir, in, closesStdin, keys, mayStillListen);
    a.thread.start();
    return a;
  }

  /** Whether the detach keys were read. */
  public boolean detached() {
    return detached;
  }

  private void copy() {
    byte[] buffer = new byte[8192];
    try {
      while (!closed) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        byte[] passed = keys.pass(buffer, n);
        if (passed.length > 0 && !send(passed)) {
          break;
        }
        if (keys.complete()) {
          detached = true;
          break;
        }
      }
      if (!detached && !closed && channel == null && closesStdin) {
        send(new byte[0]); // an empty stdin ends the container's too (StdinOnce)
      }
    } catch (IOException | InterruptedException e) {
      // the container's stdin or the stream is gone: nothing more to copy
    } finally {
      closeChannel();
    }
  }

  /** Sends bytes, connected first; false when the monitor no longer listens. */
  private boolean send(byte[] bytes) throws IOException, InterruptedException {
    while (channel == null) {
      if (closed) {
        return false;
      }
      try {
        channel = AttachSocket.connect(containerDir, closesStdin);
      } catch (IOException notYet) {
        if (!mayStillListen.getAsBoolean()) {
          return false;
        }
        Thread.sleep(20);
      }
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    return true;
  }

  private void closeChannel() {
    SocketChannel c = channel;
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing: nothing to tell
      }
    }
  }

  /** Stops copying (the stream itself is the caller's). */
  @Override
  public void close() {
    closed = true;
    if (!thread.isAlive()) {
      closeChannel();
    }
  }
}
