package dev.hoist.cli;

import dev.hoist.internal.build.BuildProgress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Build progress on a terminal, like {@code docker build}'s tty mode: finished steps stay as one
 * line each (DONE or CACHED, time, reason), and below them a live region, redrawn ten times a
 * second, shows every running step with its timer and its latest output line. Output is not
 * kept on screen (a failing RUN's last lines come with its error).
 */
final class BuildLiveView implements BuildProgress, AutoCloseable {
  private static final int WIDTH = 120;

  private record Running(long start, String lastLine) {}

  private final PrintWriter out;
  private final BuildProgress record;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Thread ticker;
  private int liveLines;
  private volatile boolean closed;

  /** {@code record} also receives every event (for --explain). */
  BuildLiveView(PrintWriter out, BuildProgress record) {
    this.out = out;
    this.record = record;
    this.ticker = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
        redraw(List.of());
      }
    }, "build-live-view");
    ticker.setDaemon(true);
    ticker.start();
  }

  @Override
  public void started(Step step) {
    record.started(step);
    synchronized (this) {
      running.put(step.label(), new Running(System.nanoTime(), ""));
    }
    redraw(List.of());
  }

  @Override
  public void output(Step step, String line) {
    record.output(step, line);
    synchronized (this) {
      Running r = running.get(step.label());
      if (r != null) {
        running.put(step.label(), new Running(r.start(), line));
      }
    }
  }

  @Override
  public void finished(Step step, Outcome outcome) {
    record.finished(step, outcome);
    synchronized (this) {
      running.remove(step.label());
    }
    String time = String.format(Locale.ROOT, "%.1fs", outcome.duration().toMillis() / 1000.0);
    String line = (outcome.cached() ? "CACHED " : "DONE   ") + String.format(Locale.ROOT,
        "%5s ", time) + step.label() + (outcome.reason() == null ? ""
            : (outcome.cached() ? "  (hit: " : "  (miss: ") + outcome.reason() + ")");
    redraw(List.of(clip(line)));
  }

  @Override
  public void note(String line) {
    redraw(List.of(clip(line)));
  }

  @Override
  public void warning(String message) {
    record.warning(message);
    redraw(List.of("WARNING: " + message));
  }

  /** Prints the permanent lines above the live region, then the live region again. */
  private synchronized void redraw(List<String> permanent) {
    if (closed && permanent.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    if (liveLines > 0) {
      b.append("\033[").append(liveLines).append("F\033[J"); // up to the region, clear it
    }
    for (String line : permanent) {
      b.append(line).append('\n');
    }
    List<String> live = new ArrayList<>();
    if (!closed) {
      long now = System.nanoTime();
      for (Map.Entry<String, Running> e : running.entrySet()) {
        live.add(clip(String.format(Locale.ROOT, "=> %5.1fs %s", (now - e.getValue().start())
            / 1e9, e.getKey())));
        if (!e.getValue().lastLine().isEmpty()) {
          live.add("\033[2m" + clip("   | " + e.getValue().lastLine()) + "\033[0m");
        }
      }
    }
    for (String line : live) {
      b.append(line).append('\n');
    }
    liveLines = live.size();
    out.print(b);
    out.flush();
  }

  private static String clip(String line) {
    String one = line.replace('\t', ' ').replace('\r', ' ');
    return one.length() <= WIDTH ? one : one.substring(0, WIDTH - 3) + "...";
  }

  @Override
  public void close() {
    redraw(List.of());
    closed = true;
    ticker.interrupt();
    synchronized (this) {
      if (liveLines > 0) {
        out.print("\033[" + liveLines + "F\033[J");
        out.flush();
        liveLines = 0;
      }
    }
  }
}
