package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docker info}'s object, the Engine API's {@code SystemInfo}: the fields hoist can fill,
 * named and ordered as Docker's, with hoist's own store size as {@code StoreSize}. What
 * {@code hoist info --format} sees and {@code GET /info} answers.
 */
public final class InfoShape {
  private InfoShape() {}

  /** {@code info} as Docker's object; {@code version}: hoist's, as {@code ServerVersion}. */
  public static ObjectNode of(SystemService.Info info, String version) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    SystemService.ContainerCounts c = info.containers();
    d.put("ID", "");
    d.put("Containers", c.total());
    d.put("ContainersRunning", c.running());
    d.put("ContainersPaused", c.paused());
    d.put("ContainersStopped", c.stopped());
    d.put("Images", info.images());
    d.put("Driver", "overlayfs");
    // the layout's description starts with its version ("1 (hybrid: …)", "2")
    d.put("CgroupVersion", info.cgroups().startsWith("1") ? "1" : "2");
    d.put("KernelVersion", System.getProperty("os.version"));
    d.put("OperatingSystem", info.operatingSystem());
    d.put("OSType", "linux");
    d.put("Architecture", System.getProperty("os.arch"));
    d.put("NCPU", info.cpus());
    d.put("MemTotal", memTotal());
    d.put("IndexServerAddress", "https://index.docker.io/v1/");
    d.put("DockerRootDir", info.store().toString());
    d.put("Name", hostname());
    d.put("ServerVersion", version);
    ObjectNode runtimes = d.putObject("Runtimes");
    info.runtimes().forEach(r -> runtimes.putObject(r.getFileName().toString())
        .put("path", r.toString()));
    d.put("DefaultRuntime", "hoist");
    d.put("StoreSize", info.usage().bytes());
    // hoist's own (Docker's info has no such field): where this store's services listen
    com.fasterxml.jackson.databind.node.ArrayNode services = d.putArray("EngineAPIServices");
    info.engineApiServices().forEach(services::add);
    return d;
  }

  /** The machine's memory in bytes ({@code MemTotal} of {@code /proc/meminfo}); 0 unknown. */
  static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown
    }
    return 0;
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
