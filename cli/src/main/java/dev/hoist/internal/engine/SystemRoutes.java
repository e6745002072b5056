package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.docker.InfoShape;
import java.util.Locale;

/** {@code /_ping}, {@code /version}, {@code /info}. */
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
