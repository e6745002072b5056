package dev.hoist.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A stream copied to another by a thread of its own, until its end; joined for its failure. */
final class StreamCopy {
  private final Thread thread;
  private volatile IOException failure;

  private StreamCopy(InputStream from, OutputStream to, String what) {
    this.thread = new Thread(() -> {
      try (from) {
        from.transferTo(to);
        to.flush();
      } catch (IOException e) {
        failure = e;
      }
    }, "hoist " + what);
    thread.setDaemon(true);
  }

  static StreamCopy start(InputStream from, OutputStream to, String what) {
    StreamCopy copy = new StreamCopy(from, to, what);
    copy.thread.start();
    return copy;
  }

  /** Waits for the end of the stream; the failure of the copy, if any. */
  void join() throws IOException, InterruptedException {
    thread.join();
    if (failure != null) {
      throw failure;
    }
  }
}
