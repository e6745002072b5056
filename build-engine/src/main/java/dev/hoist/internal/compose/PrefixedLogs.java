package dev.hoist.internal.compose;

import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Containers' logs on shared writers, each line prefixed with its service and number padded to
 * the widest ({@code web-1  | }, coloured on request), whole lines never mixed
 * ({@link LinePrefixWriter}): one after the other ({@link #print}, {@code logs}) or followed
 * at once, one thread per container ({@link #follow}, {@code logs -f} and attached
 * {@code up}).
 */
final class PrefixedLogs {
  private static final String[] COLOURS = {"36", "33", "32", "35", "34", "96", "93", "92"};
  private final ContainerService service;
  private final List<ContainerState> containers;
  private final List<String> prefixes = new ArrayList<>();
  private final List<Thread> followers = new ArrayList<>();
  private final List<Exception> failures = Collections.synchronizedList(new ArrayList<>());

  PrefixedLogs(ContainerService service, List<ContainerState> containers, boolean colours) {
    this.service = service;
    this.containers = List.copyOf(containers);
    int width = containers.stream().mapToInt(c -> ComposeService.prefix(c).length()).max()
        .orElse(0);
    for (int i = 0; i < containers.size(); i++) {
      String name = String.format("%-" + width + "s | ", ComposeService.prefix(containers.get(i)));
      prefixes.add(colours ? "\033[" + COLOURS[i % COLOURS.length] + "m" + name + "\033[0m"
          : name);
    }
  }

  /** Each container's log so far, one container after the other. */
  void print(ContainerLog.Options options, Writer out, Writer err)
      throws IOException, InterruptedException {
    for (int i = 0; i < containers.size(); i++) {
      try (LinePrefixWriter o = new LinePrefixWriter(out, prefixes.get(i), false);
           LinePrefixWriter e = new LinePrefixWriter(err, prefixes.get(i), false)) {
        service.logs(containers.get(i).id(), options, false, o, e);
      }
    }
  }

  /**
   * Every container's log followed on a daemon thread of its own until it stops, each line
   * flushed as it comes; what fails is kept ({@link #failure}).
   */
  PrefixedLogs follow(ContainerLog.Options options, Writer out, Writer err) {
    for (int i = 0; i < containers.size(); i++) {
      ContainerState c = containers.get(i);
      String prefix = prefixes.get(i);
      Thread t = new Thread(() -> {
        try (LinePrefixWriter o = new LinePrefixWriter(out, prefix, true);
             LinePrefixWriter e = out == err ? o : new LinePrefixWriter(err, prefix, true)) {
          service.logs(c.id(), options, true, o, e);
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "logs " + c.name());
      t.setDaemon(true);
      followers.add(t);
    }
    followers.forEach(Thread::start);
    return this;
  }

  /** Waits up to {@code millis} for {@code c}'s follower (its last lines) to end. */
  void awaitFollower(ContainerState c, long millis) throws InterruptedException {
    followers.get(containers.indexOf(c)).join(millis);
  }

  /** Waits for every follower to end, each up to {@code millis} (0: for ever). */
  PrefixedLogs awaitFollowers(long millis) throws InterruptedException {
    for (Thread t : followers) {
      t.join(millis);
    }
    return this;
  }

  /** The first follower's failure; null: none. */
  Exception failure() {
    synchronized (failures) {
      return failures.isEmpty() ? null : failures.get(0);
    }
  }
}
