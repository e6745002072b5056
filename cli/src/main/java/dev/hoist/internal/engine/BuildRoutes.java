package dev.hoist.internal.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.build.BuildContext;
import dev.hoist.internal.build.BuildException;
import dev.hoist.internal.build.BuildRequest;
import dev.hoist.internal.build.BuildResult;
import dev.hoist.internal.build.Entitlement;
import dev.hoist.internal.build.RunHostOptions;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.service.BuildService;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build}: Docker's classic builder ({@code DOCKER_BUILDKIT=0 docker build}), one
 * build of {@link BuildService}. The body is the context as a tar (unpacked by the build
 * engine's safe extractor into a work directory removed after the build); the query gives
 * {@code dockerfile}, {@code t} (several), {@code buildargs} and {@code labels} (JSON objects),
 * {@code target}, {@code nocache}, {@code pull}, {@code networkmode}, {@code platform} (one, or
 * a comma list: a multi-platform build whose index is tagged, the same build as
 * {@code hoist build --platform a,b}), {@code q}, and the RUN steps' host options
 * ({@link #runHost}: {@code extrahosts}, {@code shmsize}, {@code ulimits}, {@code memory},
 * {@code memswap}, {@code cpushares}, {@code cpusetcpus}, {@code cpusetmems}). The answer is {@link BuildMessages}' stream and
 * the {@code aux} message with the image ID (an index's digest for several platforms); a failed
 * build ends it with Docker's {@code errorDetail}. {@code version=2}
 * (BuildKit) and {@code remote} contexts are refused. {@code X-Registry-Config}'s credentials
 * go with the base images' pulls of this build only.
 */
final class BuildRoutes {
  private final Hoist hoist;

  BuildRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("POST", "/build", (req, res, p) -> build(req, res));
  }

  private void build(HttpRequest req, HttpResponse res) throws Exception {
    if ("2".equals(req.param("version"))) {
      throw new ApiException(400, "BuildKit (version=2) is not served by hoist: build with "
          + "DOCKER_BUILDKIT=0 (the classic builder's API)");
    }
    String remote = req.param("remote");
    if (remote != null && !remote.isEmpty()) {
      throw new ApiException(400, "remote build contexts are not supported by hoist's API "
          + "service: send the context in the body");
    }
    BuildService builds = hoist.builds();
    boolean quiet = req.flag("q", false);
    try { // every parameter checked before the body is read
      request(req, builds, Path.of(".")).build().checkNames();
    } catch (BuildException e) {
      throw new ApiException(400, e.getMessage());
    }
    try (BuildService.Session session = builds.open(RegistryAuth.ofConfig(req), pull(req));
        JsonStream stream = new JsonStream(res)) {
      try (BuildContext context = session.openContext("-", req.body(), line -> { })) {
        Trace.mark("build: context unpacked");
        String dockerfile = req.param("dockerfile");
        BuildRequest request = request(req, builds, context.directory())
            .dockerfile(context.dockerfile() != null ? context.dockerfile()
                : dockerfile == null || dockerfile.isEmpty() ? null
                : context.resolveDockerfile(dockerfile))
            .build().checkNames();
        BuildMessages messages = new BuildMessages(stream, quiet, request.multiPlatform());
        BuildResult result = session.build(request, messages);
        Trace.mark("build: built");
        messages.built(result.id().toString(), request.tags());
      } catch (UncheckedIOException gone) {
        // the client went away: the build stopped with it
      } catch (BuildException | IOException | IllegalArgumentException e) {
        stream.error(e.getMessage());
      }
    }
  }

  /** The request's parameters as a build request of the context at {@code context}. */
  private static BuildRequest.Builder request(HttpRequest req, BuildService builds, Path context) {
    BuildRequest.Builder b = BuildRequest.builder(context);
    for (String tag : req.params("t")) {
      if (!tag.isEmpty()) {
        b.tag(tag);
      }
    }
    jsonMap(req, "buildargs").forEach((name, value) -> {
      if (value != null) {
        b.buildArg(name, value);
      } else {
        builds.hostValue(name).ifPresent(v -> b.buildArg(name, v)); // Docker: the daemon's
      }
    });
    jsonMap(req, "labels").forEach((k, v) -> b.label(k, v == null ? "" : v));
    String target = req.param("target");
    b.target(target == null || target.isEmpty() ? null : target);
    b.noCache(req.flag("nocache", false));
    String platform = req.param("platform");
    if (platform != null && !platform.isEmpty()) {
      try { // several (a,b): an index, as hoist build --platform a,b; foreign CPUs under QEMU
        b.platforms(Platform.parseList(platform));
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "platform " + e.getMessage());
      }
    }
    String network = req.param("networkmode");
    b.network(switch (network == null || network.isEmpty() ? "default" : network) {
      case "default", "bridge" -> NetworkMode.BRIDGE;
      case "host" -> {
        b.allow(Entitlement.NETWORK_HOST); // asked for by the client, as for docker build
        yield NetworkMode.HOST;
      }
      case "none" -> NetworkMode.NONE;
      default -> throw new ApiException(400, "networkmode " + network
          + ": expected default, bridge, none or host");
    });
    b.runHost(runHost(req));
    Map<String, String> epoch = new HashMap<>();
    jsonMap(req, "buildargs").forEach((k, v) -> {
      if (k.equals("SOURCE_DATE_EPOCH") && v != null) {
        epoch.put(k, v);
      }
    });
    b.sourceDateEpoch(builds.sourceDateEpoch(epoch));
    return b;
  }

  /**
   * The RUN steps' host options as the docker CLI sends {@code docker build}'s flags:
   * {@code extrahosts} once per {@code --add-host}, {@code shmsize}, {@code memory} and
   * {@code memswap} in bytes ({@code -1}: unlimited swap), {@code ulimits} as Docker's JSON
   * ({@code [{"Name":"nofile","Soft":1024,"Hard":2048}]}), {@code cpushares},
   * {@code cpusetcpus}, {@code cpusetmems}; checked as {@code hoist build}'s flags are. The
   * flags hoist's builds do not apply ({@code cpuperiod}, {@code cpuquota},
   * {@code cgroupparent}, {@code securityopt}) are refused, never ignored.
   */
  private static RunHostOptions runHost(HttpRequest req) {
    for (String name : List.of("cpuperiod", "cpuquota", "cgroupparent", "securityopt")) {
      List<String> given = req.params(name).stream()
          .filter(v -> !v.isEmpty() && !v.equals("0")).toList();
      if (!given.isEmpty()) {
        throw new ApiException(400, name + " " + String.join(",", given) + ": not supported "
            + "by hoist's builds (RUN steps take extrahosts, shmsize, ulimits, memory, memswap, "
            + "cpushares, cpusetcpus and cpusetmems)");
      }
    }
    List<String> ulimits;
    String json = req.param("ulimits");
    try {
      ulimits = json == null || json.isEmpty() ? List.of()
          : CreateRequest.ulimits(CanonicalJson.mapper().readTree(json));
    } catch (IOException e) {
      throw new ApiException(400, "invalid ulimits: " + e.getMessage());
    }
    String shares = req.param("cpushares");
    try {
      return RunHostOptions.of(req.params("extrahosts").stream().filter(h -> !h.isEmpty())
              .toList(), req.param("shmsize"), ulimits, req.param("memory"),
          req.param("memswap"), shares == null || shares.isEmpty() ? 0
              : Long.parseLong(shares.trim()), req.param("cpusetcpus"),
          req.param("cpusetmems"));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "invalid cpushares: " + shares);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  /** {@code pull}: Docker's boolean, or any other non-empty value (a newer client's "always"). */
  private static boolean pull(HttpRequest req) {
    String v = req.param("pull");
    return v != null && !v.isEmpty() && req.flag("pull", false);
  }

  /** A query parameter holding a JSON object of strings ({@code {}} when absent). */
  private static Map<String, String> jsonMap(HttpRequest req, String name) {
    String v = req.param(name);
    if (v == null || v.isEmpty() || v.equals("null")) {
      return Map.of();
    }
    try {
      Map<String, String> map = CanonicalJson.mapper().readValue(v,
          new TypeReference<java.util.LinkedHashMap<String, String>>() { });
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new ApiException(400, "invalid " + name + ": " + e.getMessage());
    }
  }
}
