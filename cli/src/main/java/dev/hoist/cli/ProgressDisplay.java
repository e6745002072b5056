package dev.hoist.cli;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.registry.TransferListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Transfer progress as Docker shows it: on a terminal a line per blob with a bar, redrawn in
 * place at most ten times a second; otherwise (or with {@code --progress=plain}) one plain line
 * per blob and state change. Written to standard error so that standard output carries only the
 * result.
 */
final class ProgressDisplay implements TransferListener {
  /** How progress is shown. */
  enum Mode {
    AUTO, PLAIN, TTY, QUIET;

    static Mode parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError("unknown progress mode \"" + text + "\" (auto, plain, tty or quiet)");
      }
    }
  }

  private static final int BAR = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private static final class Line {
    String status;
    long done;
    long total;
  }

  private final PrintWriter err;
  private final boolean tty;
  private final boolean quiet;
  private final Map<Digest, Line> lines = new LinkedHashMap<>();
  private int drawn;
  private long lastDraw;

  ProgressDisplay(PrintWriter err, Mode mode) {
    this.err = err;
    this.quiet = mode == Mode.QUIET;
    this.tty = mode == Mode.TTY || mode == Mode.AUTO && System.console() != null;
  }

  @Override
  public synchronized void started(Descriptor blob, String action) {
    Line line = line(blob);
    line.status = action;
    changed(blob, line);
  }

  @Override
  public synchronized void progress(Descriptor blob, long bytes) {
    Line line = line(blob);
    line.done = bytes;
    if (tty && System.nanoTime() - lastDraw > REDRAW_NANOS) {
      draw();
    }
  }

  @Override
  public synchronized void finished(Descriptor blob, String outcome) {
    Line line = line(blob);
    line.status = outcome;
    line.done = line.total;
    changed(blob, line);
  }

  private Line line(Descriptor blob) {
    return lines.computeIfAbsent(blob.digest(), d -> {
      Line l = new Line();
      l.total = blob.size();
      l.status = "Waiting";
      return l;
    });
  }

  private void changed(Descriptor blob, Line line) {
    if (quiet) {
      return;
    }
    if (tty) {
      draw();
    } else {
      String size = line.status.startsWith("Downloading") || line.status.startsWith("Pushing")
          ? " (" + Sizes.human(line.total) + ")" : "";
      err.println(blob.digest().shortHex() + ": " + line.status + size);
      err.flush();
    }
  }

  private void draw() {
    if (quiet) {
      return;
    }
    StringBuilder out = new StringBuilder();
    if (drawn > 0) {
      out.append("\033[").append(drawn).append('A');
    }
    for (Map.Entry<Digest, Line> e : lines.entrySet()) {
      Line l = e.getValue();
      out.append("\033[2K").append(e.getKey().shortHex()).append(": ").append(l.status);
      boolean moving = l.status.equals("Downloading") || l.status.equals("Pushing");
      if (moving && l.total > 0) {
        int filled = (int) Math.min(BAR, l.done * BAR / l.total);
        out.append(" [").append("=".repeat(filled)).append(filled < BAR ? ">" : "")
            .append(" ".repeat(Math.max(0, BAR - filled - 1))).append("] ")
            .append(Sizes.human(l.done)).append('/').append(Sizes.human(l.total));
      }
      out.append('\n');
    }
    drawn = lines.size();
    lastDraw = System.nanoTime();
    err.print(out);
    err.flush();
  }
}
