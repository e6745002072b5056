package dev.hoist.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the monitor ({@code hoist-monitor.c}, its "health checks" part) needs to run a started
 * container's health checks: the command that runs the check in it (through the container's
 * {@link Runtime#probeCommand}: the shim joining it, or {@code runc exec}) as the container's
 * user, in its environment and working directory; the schedule with Docker's defaults applied;
 * where the state ({@link HealthState}) and the {@code health_status} events go. Written at each
 * start ({@value #FILE}); none when the container has no check.
 */
final class HealthProbe {
  static final String FILE = "health.conf";
  /** In the container's directory while it is paused: its checks do not run meanwhile. */
  static final String PAUSED = "paused";
  /** The events journal under {@code $HOIST_HOME} (owned by {@code hoist events}). */
  static final String EVENTS = "events/events.jsonl";

  private HealthProbe() {}

  /**
   * Writes {@code container}'s {@value #FILE} for its run under {@code runtime}; deletes it
   * when it has no check. Returns whether there is a check to run.
   */
  static boolean prepare(HoistHome home, ContainerState container, Path dir, Runtime runtime)
      throws IOException {
    Path file = dir.resolve(FILE);
    Optional<ContainerHealthcheck> check = ContainerHealthcheck.read(dir);
    Files.deleteIfExists(dir.resolve(HealthState.FILE)); // this run's checks start afresh
    if (check.isEmpty() || !check.get().enabled()) {
      Files.deleteIfExists(file);
      return false;
    }
    ContainerHealthcheck h = check.get();
    ContainerSpec spec = container.spec();
    ExecSpec exec = new ExecSpec(h.argv(), spec.env(), spec.cwd(), spec.uid(), spec.gid(),
        spec.groups(), false);
    ShimConfig conf = new ShimConfig();
    for (String arg : runtime.probeCommand(spec, exec)) {
      conf.put("arg", arg);
    }
    runtime.containerInit(spec).ifPresent(init -> conf.put("init_pid", Long.toString(init.pid()))
        .put("init_start", Long.toString(init.startTicks())));
    Path events = home.root().resolve(EVENTS);
    Files.createDirectories(events.getParent());
    conf.put("interval_ms", Long.toString(millis(h.interval())))
        .put("timeout_ms", Long.toString(millis(h.timeout())))
        .put("start_period_ms", Long.toString(h.startPeriod().toMillis()))
        .put("start_interval_ms", Long.toString(millis(h.startInterval())))
        .put("retries", Integer.toString(h.retries()))
        .put("timeout_text", goString(h.timeout()))
        .put("record", dir.resolve(HealthState.FILE).toString())
        .put("events", events.toString())
        .put("event", eventFields(container))
        .put("paused", dir.resolve(PAUSED).toString());
    conf.write(file);
    return true;
  }

  /** Runs the checks {@value #FILE} of {@code dir} names with {@code monitor}'s {@code --health}. */
  static Process runBeside(Path monitor, Path dir) throws IOException {
    return ProgramStart.start(new ProcessBuilder(monitor.toString(), "--health",
        dir.resolve(FILE).toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  /** Ends checks {@link #runBeside} started: their input closed, a running check killed. */
  static void end(Process checks) {
    try {
      checks.getOutputStream().close();
      if (!checks.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
        checks.destroyForcibly();
      }
    } catch (IOException e) {
      checks.destroyForcibly();
    } catch (InterruptedException e) {
      checks.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }

  /**
   * The members of a {@code health_status} event that name the container, as the journal's
   * other container events carry them ({@link Containers#eventAttributes}): legacy {@code id}
   * and {@code from}, and the {@code Actor}; the monitor adds the rest.
   */
  static String eventFields(ContainerState c) {
    ObjectNode event = CanonicalJson.mapper().createObjectNode();
    event.put("id", c.id());
    event.put("from", c.image());
    ObjectNode actor = event.putObject("Actor");
    actor.put("ID", c.id());
    ObjectNode attributes = actor.putObject("Attributes");
    Containers.eventAttributes(c).forEach(attributes::put);
    return event.toString();
  }

  /** A duration as Go's {@code time.Duration.String()} prints it: {@code 500ms}, {@code 1m30s}. */
  static String goString(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos < 1_000L) {
        return nanos + "ns";
      }
      if (nanos < 1_000_000L) {
        return decimal(nanos, 1_000L) + "µs";
      }
      return decimal(nanos, 1_000_000L) + "ms";
    }
    StringBuilder s = new StringBuilder();
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    if (hours > 0) {
      s.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      s.append(minutes).append('m');
    }
    return s.append(decimal(nanos % 60_000_000_000L, 1_000_000_000L)).append('s').toString();
  }

  private static String decimal(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros()
        .toPlainString();
  }
}
