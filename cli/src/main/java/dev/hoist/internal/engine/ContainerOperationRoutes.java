package dev.hoist.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container operations past the life cycle: {@code pause}, {@code unpause},
 * {@code rename}, {@code update}, {@code top}, {@code changes}, {@code export}, {@code resize}
 * and {@code POST /commit}; each one call of {@link ContainerService}.
 */
final class ContainerOperationRoutes {
  /** The fields of an update body hoist applies; any other one set is named in Warnings. */
  private static final Set<String> APPLIED = Set.of("Memory", "NanoCpus", "PidsLimit",
      "RestartPolicy", "MemorySwap", "CpuShares", "CpusetCpus", "CpusetMems", "CpuPeriod",
      "CpuQuota", "MemoryReservation", "BlkioWeight");

  private final ContainerService containers;

  ContainerOperationRoutes(Hoist hoist) {
    this.containers = hoist.containers();
  }

  void addTo(Router router) {
    router.add("POST", "/containers/([^/]+)/pause", (req, res, p) -> {
      containers.pause(p.get(0));
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/unpause", (req, res, p) -> {
      containers.unpause(p.get(0));
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/rename", (req, res, p) -> {
      String name = req.param("name");
      if (name == null || name.isEmpty()) {
        throw new ApiException(400, "Neither old nor new names may be empty");
      }
      containers.rename(p.get(0), name.startsWith("/") ? name.substring(1) : name);
      res.empty(204);
    });
    router.add("POST", "/containers/([^/]+)/update", (req, res, p) -> update(req, res,
        p.get(0)));
    router.add("GET", "/containers/([^/]+)/top", (req, res, p) -> {
      String psArgs = req.param("ps_args");
      List<String> args = psArgs == null || psArgs.isBlank() ? List.of()
          : Arrays.asList(psArgs.trim().split("\\s+"));
      ContainerService.Top top = containers.top(p.get(0), args);
      res.json(200, Map.of("Titles", top.titles(), "Processes", top.processes()));
    });
    router.add("GET", "/containers/([^/]+)/changes", (req, res, p) -> {
      List<Map<String, Object>> changes = new ArrayList<>();
      for (ContainerService.Change c : containers.diff(p.get(0))) {
        // Docker's ChangeType: 0 modified, 1 added, 2 deleted
        int kind = c.kind() == 'C' ? 0 : c.kind() == 'A' ? 1 : 2;
        changes.add(Map.of("Path", c.path(), "Kind", kind));
      }
      res.json(200, changes);
    });
    router.add("GET", "/containers/([^/]+)/export", (req, res, p) -> {
      containers.require(p.get(0)); // an unknown one is a 404 before the answer begins
      try (OutputStream out = res.stream(200, "application/x-tar")) {
        containers.export(p.get(0), out);
      }
    });
    router.add("POST", "/containers/([^/]+)/resize", (req, res, p) -> {
      // a container without a terminal of hoist's shim is left as it is, as Docker's daemon
      containers.resize(p.get(0), req.terminalSize());
      res.empty(200);
    });
    router.add("POST", "/commit", (req, res, p) -> commit(req, res));
  }

  /**
   * {@code POST /containers/{id}/update}: memory, swap, CPUs, shares, cpusets, CFS period and
   * quota, memory reservation, block I/O weight, pids and the restart policy
   * ({@link ContainerService#update}); other limits set are named in {@code Warnings}, as the
   * create answer names what it does not apply.
   */
  private void update(HttpRequest req, HttpResponse res, String reference) throws IOException {
    JsonNode body = readBody(req);
    List<String> warnings = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!APPLIED.contains(f.getKey()) && isSet(f.getValue())) {
        warnings.add(f.getKey() + " is not applied by hoist's update: it was left as it is");
      }
    }
    RestartPolicy policy = null;
    JsonNode restart = body.path("RestartPolicy");
    if (!restart.path("Name").asText("").isEmpty()) {
      int retries = restart.path("MaximumRetryCount").asInt(0);
      policy = RestartPolicy.parse(restart.path("Name").asText()
          + (retries > 0 ? ":" + retries : ""));
    }
    long swap = body.path("MemorySwap").asLong(0);
    long quota = body.path("CpuQuota").asLong(0);
    containers.update(reference, new ContainerService.UpdateRequest(
        positive(body, "Memory"), positive(body, "NanoCpus"),
        body.has("PidsLimit") && !body.get("PidsLimit").isNull()
            ? Long.valueOf(body.get("PidsLimit").asLong()) : null,
        policy, swap == 0 ? null : Long.valueOf(swap < 0 ? -1 : swap),
        positive(body, "CpuShares"), nonEmpty(body, "CpusetCpus"), nonEmpty(body, "CpusetMems"),
        positive(body, "CpuPeriod"), quota == 0 ? null : Long.valueOf(quota),
        positive(body, "MemoryReservation"), positive(body, "BlkioWeight")));
    res.json(200, Map.of("Warnings", warnings));
  }

  /** A limit the body sets (the docker CLI sends zero for a flag not given). */
  private static Long positive(JsonNode body, String field) {
    long v = body.path(field).asLong(0);
    return v > 0 ? v : null;
  }

  /** A text field the body sets (the docker CLI sends {@code ""} for a flag not given). */
  private static String nonEmpty(JsonNode body, String field) {
    String v = body.path(field).asText("");
    return v.isEmpty() ? null : v;
  }

  private static boolean isSet(JsonNode v) {
    return !(v.isNull() || v.isMissingNode() || (v.isNumber() && v.asLong() == 0)
        || (v.isTextual() && v.asText().isEmpty()) || (v.isBoolean() && !v.asBoolean())
        || (v.isContainerNode() && v.isEmpty()));
  }

  /**
   * {@code POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=}
   * ({@link ContainerService#commit}); a config in the body is refused unless empty: the
   * {@code changes} carry what a commit changes.
   */
  private void commit(HttpRequest req, HttpResponse res) throws IOException {
    String container = req.param("container");
    if (container == null || container.isEmpty()) {
      throw new ApiException(400, "container is required");
    }
    JsonNode body = readBody(req);
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (isSet(f.getValue())) {
        throw new ApiException(400, "a container config in the commit's body is not supported "
            + "by hoist (" + f.getKey() + "): give the changes as Dockerfile instructions "
            + "(docker commit -c)");
      }
    }
    String repo = req.param("repo");
    String tag = req.param("tag");
    String reference = repo == null || repo.isEmpty() ? null
        : tag == null || tag.isEmpty() ? repo : repo + ":" + tag;
    List<String> changes = new ArrayList<>();
    for (String c : req.params("changes")) {
      // the docker CLI sends each -c as a value; older ones join them with newlines
      for (String line : c.split("\n")) {
        if (!line.isBlank()) {
          changes.add(line);
        }
      }
    }
    String id = containers.commit(container, new ContainerService.CommitRequest(reference,
        emptyToNull(req.param("author")), emptyToNull(req.param("comment")), changes,
        req.flag("pause", true)));
    res.json(201, Map.of("Id", id));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static JsonNode readBody(HttpRequest req) {
    try {
      JsonNode body = CanonicalJson.mapper().readTree(req.body());
      return body == null || body.isNull() || body.isMissingNode()
          ? CanonicalJson.mapper().createObjectNode() : body;
    } catch (IOException e) {
      throw new ApiException(400, "invalid JSON: " + e.getMessage());
    }
  }
}
