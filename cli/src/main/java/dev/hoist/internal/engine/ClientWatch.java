package dev.hoist.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the client's end of a connection that streams an answer with pauses (events, a
 * followed log): a client sends nothing more on a stream it reads, so the end of its input means
 * it went away, and the streaming thread is interrupted. Without it, a stream with nothing to
 * send would hold its thread (and keep the service busy) until its next write failed. The answer
 * must close the connection ({@link HttpResponse#closing}): its input is read here.
 */
final class ClientWatch implements AutoCloseable {
  private final AtomicBoolean done = new AtomicBoolean();

  private ClientWatch() {}

  /** Interrupts the calling thread when the client of {@code req} closes its end. */
  static ClientWatch interruptingThisThread(HttpRequest req) throws IOException {
    ClientWatch watch = new ClientWatch();
    InputStream in = req.connection();
    Thread streaming = Thread.currentThread();
    Thread watcher = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // nothing is expected: a stream's client only reads
        }
      } catch (IOException closed) {
        // the same: its end is gone
      }
      synchronized (watch.done) {
        if (!watch.done.get()) {
          streaming.interrupt();
        }
      }
    }, "hoist-api-client-watch");
    watcher.setDaemon(true);
    watcher.start();
    return watch;
  }

  /** The stream ended: no interruption from now on, and one that came is cleared. */
  @Override
  public void close() {
    synchronized (done) {
      done.set(true);
      Thread.interrupted();
    }
  }
}
