package dev.hoist.internal.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Cancels a request that has not finished within its time: the connection is closed under the
 * thread reading it, which then fails, and {@link #expired()} tells that this was the deadline. One
 * daemon timer thread serves every deadline of the process.
 */
final class Deadline {
  /** A deadline that never fires. */
  static final Deadline NONE = new Deadline(null, null);

  private static volatile ScheduledExecutorService timer;

  private final ScheduledFuture<?> future;
  private final Duration duration;
  private volatile boolean expired;

  private Deadline(Cancellable request, Duration duration) {
    this.duration = duration;
    this.future = request == null ? null : timer().schedule(() -> {
      expired = true;
      request.cancel();
    }, duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Cancels {@code request} after {@code duration} unless {@link #disarm()}ed first. */
  static Deadline arm(Cancellable request, Duration duration) {
    return new Deadline(request, duration);
  }

  private static ScheduledExecutorService timer() {
    ScheduledExecutorService t = timer;
    if (t == null) {
      synchronized (Deadline.class) {
        t = timer;
        if (t == null) {
          t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hoist-registry-deadline");
            thread.setDaemon(true);
            return thread;
          });
          timer = t;
        }
      }
    }
    return t;
  }

  /** Stops the deadline (the request finished in time, or goes on under other limits). */
  void disarm() {
    if (future != null) {
      future.cancel(false);
    }
  }

  /** Whether the deadline fired and cancelled the request. */
  boolean expired() {
    return expired;
  }

  Duration duration() {
    return duration;
  }
}
