package dev.hoist.internal.engine;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.ContainerStats;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats?stream=&one-shot=}: Docker's {@code StatsResponse} from the
 * container's cgroups ({@link ContainerService#stats}), a reading a second: streamed, or one
 * ({@code stream=false}) with the reading a second before as {@code precpu_stats} (none with
 * {@code one-shot}), so that the client's CPU % has two readings, as Docker's daemon does.
 */
final class StatsRoutes {
  private static final long INTERVAL_MILLIS = 1000;

  private final ContainerService containers;

  StatsRoutes(Hoist hoist) {
    this.containers = hoist.containers();
  }

  void addTo(Router router) {
    router.add("GET", "/containers/([^/]+)/stats", (req, res, p) -> {
      ContainerState c = containers.require(p.get(0));
      boolean stream = req.flag("stream", true);
      Reading before = stream || req.flag("one-shot", false) ? null : read(c);
      if (before != null) {
        Thread.sleep(INTERVAL_MILLIS);
      }
      Reading first = read(c); // a stopped container is refused here, before the answer begins
      try (OutputStream out = res.stream(200, "application/json")) {
        write(out, c, first, before);
        if (!stream) {
          return;
        }
        Reading last = first;
        while (true) {
          Thread.sleep(INTERVAL_MILLIS);
          Reading now;
          try {
            now = read(c);
          } catch (IllegalArgumentException stopped) {
            return; // it stopped: the stream ends, as Docker's
          }
          write(out, c, now, last);
          last = now;
        }
      } catch (IOException gone) {
        // the client went away
      }
    });
  }

  private record Reading(Instant at, ContainerStats.Sample sample) {}

  private Reading read(ContainerState c) throws IOException {
    return new Reading(Instant.now(), containers.stats(c.id()));
  }

  private static void write(OutputStream out, ContainerState c, Reading now, Reading before)
      throws IOException {
    out.write(CanonicalJson.mapper().writeValueAsBytes(shape(c, now, before)));
    out.write('\n');
    out.flush();
  }

  /** Docker's {@code StatsResponse} of {@code now}, {@code before} its {@code precpu_stats}. */
  static Map<String, Object> shape(ContainerState c, Reading now, Reading before) {
    ContainerStats.Sample s = now.sample();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "/" + c.name());
    m.put("id", c.id());
    m.put("read", now.at().toString());
    m.put("preread", before == null ? "0001-01-01T00:00:00Z" : before.at().toString());
    m.put("pids_stats", Map.of("current", s.pids()));
    m.put("blkio_stats", Map.of("io_service_bytes_recursive", List.of(
        Map.of("major", 0, "minor", 0, "op", "read", "value", s.blockRead()),
        Map.of("major", 0, "minor", 0, "op", "write", "value", s.blockWrite()))));
    m.put("num_procs", 0);
    m.put("storage_stats", Map.of());
    m.put("cpu_stats", cpu(s));
    m.put("precpu_stats", before == null ? Map.of("cpu_usage", Map.of("total_usage", 0),
        "throttling_data", Map.of()) : cpu(before.sample()));
    // the usage is already without the inactive file cache: no stats for the client to take off
    m.put("memory_stats", Map.of("usage", s.memoryBytes(), "limit", s.memoryLimit(),
        "stats", Map.of()));
    m.put("networks", Map.of("eth0", Map.of("rx_bytes", s.netRx(), "tx_bytes", s.netTx(),
        "rx_packets", 0, "tx_packets", 0, "rx_errors", 0, "tx_errors", 0, "rx_dropped", 0,
        "tx_dropped", 0)));
    return m;
  }

  private static Map<String, Object> cpu(ContainerStats.Sample s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_usage", Map.of("total_usage", s.cpuNanos(), "usage_in_kernelmode", 0,
        "usage_in_usermode", 0));
    m.put("system_cpu_usage", s.systemNanos());
    m.put("online_cpus", s.onlineCpus());
    m.put("throttling_data", Map.of("periods", 0, "throttled_periods", 0,
        "throttled_time", 0));
    return m;
  }
}
