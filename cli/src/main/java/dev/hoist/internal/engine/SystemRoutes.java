package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.SystemService;
import dev.hoist.internal.service.docker.InfoShape;
import dev.hoist.internal.service.list.VolumeSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /system/df}. */
final class SystemRoutes {
  private final Hoist hoist;
  private final String version;

  SystemRoutes(Hoist hoist, String version) {
    this.hoist = hoist;
    this.version = version;
  }

  void addTo(Router router) {
    router.add("GET", "/_ping", (req, res, p) -> res.header("Cache-Control",
        "no-cache, no-store, must-revalidate").header("Pragma", "no-cache").text(200, "OK"));
    router.add("GET", "/version", (req, res, p) -> res.json(200, version()));
    router.add("GET", "/info", (req, res, p) -> res.json(200,
        InfoShape.of(hoist.system().info(), version)));
    router.add("GET", "/system/df", (req, res, p) -> res.json(200,
        diskUsage(hoist.system().detailedUsage())));
  }

  /**
   * Docker's {@code SystemDataUsageResponse}: the blobs' bytes as {@code LayersSize}, the
   * images (with their containers), containers (with their sizes), volumes (with their
   * {@code UsageData}); hoist's build cache has no entries of Docker's kind, so it is told as
   * two: the layers only the cache holds (reclaimable) and those it shares with images.
   */
  static Map<String, Object> diskUsage(SystemService.DetailedUsage usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("LayersSize", usage.totals().blobs().bytes());
    m.put("Images", DockerShapes.images(usage.images(), usage.containersByImage()));
    m.put("Containers", usage.containers().stream().map(DockerShapes::container).toList());
    List<Map<String, Object>> volumes = new ArrayList<>();
    for (VolumeSummary v : usage.volumes()) {
      Map<String, Object> volume = DockerShapes.volume(v);
      volume.put("UsageData", Map.of("Size", v.size() == null ? -1 : v.size(),
          "RefCount", v.links()));
      volumes.add(volume);
    }
    m.put("Volumes", volumes);
    SystemService.Usage cache = usage.totals().buildCache();
    List<Map<String, Object>> entries = new ArrayList<>();
    if (cache.total() > 0) {
      entries.add(cacheEntry("hoist-build-cache-own", "layers only the build cache holds",
          cache.reclaimable(), false));
      entries.add(cacheEntry("hoist-build-cache-shared", "layers images share",
          cache.bytes() - cache.reclaimable(), true));
    }
    m.put("BuildCache", entries);
    return m;
  }

  private static Map<String, Object> cacheEntry(String id, String description, long size,
      boolean shared) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("ID", id);
    e.put("Parents", List.of());
    e.put("Type", "regular");
    e.put("Description", description);
    e.put("InUse", false);
    e.put("Shared", shared);
    e.put("Size", size);
    e.put("CreatedAt", "0001-01-01T00:00:00Z");
    e.put("LastUsedAt", null);
    e.put("UsageCount", 0);
    return e;
  }

  /** Docker's {@code SystemVersion}: hoist as the engine, the JVM where Docker has Go. */
  ObjectNode version() {
    ObjectNode v = JsonNodeFactory.instance.objectNode();
    v.putObject("Platform").put("Name", "hoist");
    ObjectNode engine = v.putArray("Components").addObject();
    engine.put("Name", "Engine").put("Version", version);
    engine.putObject("Details").put("ApiVersion", EngineApi.VERSION)
        .put("MinAPIVersion", EngineApi.MIN_VERSION)
        .put("Os", "linux").put("Arch", Platform.host().architecture())
        .put("KernelVersion", System.getProperty("os.version"))
        .put("JavaVersion", System.getProperty("java.version"));
    v.put("Version", version);
    v.put("ApiVersion", EngineApi.VERSION);
    v.put("MinAPIVersion", EngineApi.MIN_VERSION);
    v.put("GitCommit", "");
    v.put("GoVersion", "java" + System.getProperty("java.version"));
    v.put("Os", System.getProperty("os.name").toLowerCase(Locale.ROOT));
    v.put("Arch", Platform.host().architecture());
    v.put("KernelVersion", System.getProperty("os.version"));
    v.put("BuildTime", "");
    return v;
  }
}
