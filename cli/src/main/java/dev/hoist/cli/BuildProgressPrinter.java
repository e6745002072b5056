package dev.hoist.cli;

import dev.hoist.internal.build.BuildProgress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Build progress as plain lines, like {@code docker build --progress=plain}: each step gets a
 * number when it starts ({@code #3 [build 2/4] RUN make}), its output lines carry the number
 * (stages building in parallel interleave), and its end says DONE or CACHED, the time, and why
 * it hit or missed the cache, the reason whole (only the live terminal view, {@link
 * BuildLiveView}, clips lines to the terminal's width). The explanations are kept for
 * {@code --explain}.
 */
final class BuildProgressPrinter implements BuildProgress {
  private final PrintWriter out;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> explanations = new ArrayList<>();
  private int next = 1;

  BuildProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void started(Step step) {
    int id = next++;
    ids.put(step.label(), id);
    out.println("#" + id + " " + step.label());
    out.flush();
  }

  @Override
  public synchronized void output(Step step, String line) {
    out.println("#" + ids.getOrDefault(step.label(), 0) + " | " + line);
    out.flush();
  }

  @Override
  public synchronized void finished(Step step, Outcome outcome) {
    String time = String.format(Locale.ROOT, "%.1fs", outcome.duration().toMillis() / 1000.0);
    String reason = outcome.reason();
    StringBuilder line = new StringBuilder("#").append(ids.getOrDefault(step.label(), 0))
        .append(outcome.cached() ? " CACHED " : " DONE ").append(time);
    if (reason != null) {
      line.append(outcome.cached() ? " (hit: " : " (miss: ").append(reason).append(')');
      explanations.add(String.format(Locale.ROOT, "%-6s %s%n       %s",
          outcome.cached() ? "HIT" : "MISS", step.label(), reason));
    }
    if (outcome.detail() != null) {
      line.append(" [").append(outcome.detail()).append(']');
    }
    out.println(line);
    out.flush();
  }

  @Override
  public synchronized void note(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public synchronized void warning(String message) {
    out.println("WARNING: " + message);
    out.flush();
  }

  /** Every step that could be cached, whether it was, and the full reason. */
  synchronized List<String> explanations() {
    return List.copyOf(explanations);
  }
}
