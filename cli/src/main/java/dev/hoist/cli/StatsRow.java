package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import java.util.Locale;
import java.util.Map;

/**
 * A row of {@code docker stats --format}: docker/cli's {@code statsContext} (fields
 * {@code .Container .ID .Name .CPUPerc .MemUsage .MemPerc .NetIO .BlockIO .PIDs}), its headers
 * and default table.
 */
final class StatsRow {
  static final String TABLE = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t"
      + "{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
  static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "ID",
      "CONTAINER ID", "Name", "NAME", "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT",
      "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO", "BLOCK I/O", "PIDs", "PIDS");

  private StatsRow() {}

  /** What a row shows of one container ({@code cpuPercent} from two readings). */
  record Values(String container, String id, String name, double cpuPercent, long memory,
      long memoryLimit, double memoryPercent, long netRx, long netTx, long blockRead,
      long blockWrite, long pids) {
    /** A container that is not running: zeros, as docker shows one with {@code -a}. */
    static Values stopped(String container, String id, String name) {
      return new Values(container, id, name, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  static GoStruct of(Values v, boolean trunc) {
    return GoStruct.of("*formatter.statsContext")
        .field("Container", v.container())
        .field("ID", trunc ? v.id().substring(0, Math.min(12, v.id().length())) : v.id())
        .field("Name", v.name())
        .field("CPUPerc", percent(v.cpuPercent()))
        .field("MemUsage", binary(v.memory()) + " / " + binary(v.memoryLimit()))
        .field("MemPerc", percent(v.memoryPercent()))
        .field("NetIO", Sizes.docker(v.netRx(), 3) + " / " + Sizes.docker(v.netTx(), 3))
        .field("BlockIO", Sizes.docker(v.blockRead(), 3) + " / "
            + Sizes.docker(v.blockWrite(), 3))
        .field("PIDs", Long.toString(v.pids()))
        .build();
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", value);
  }

  /** As go-units' {@code BytesSize}: powers of 1024, {@code %.4g} ({@code 1.5MiB}). */
  static String binary(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return Sizes.formatG(value, 4) + units[unit];
  }
}
