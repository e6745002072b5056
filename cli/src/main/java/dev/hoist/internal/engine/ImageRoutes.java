package dev.hoist.internal.engine;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.ImageSummary;
import dev.hoist.internal.service.RegistryOverrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /images/…}: list, inspect, pull ({@code create}), tag, remove. */
final class ImageRoutes {
  private final Hoist hoist;

  ImageRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("GET", "/images/json", (req, res, p) -> res.json(200, list(req)));
    router.add("POST", "/images/create", (req, res, p) -> pull(req, res));
    router.add("GET", "/images/(.+)/json", (req, res, p) ->
        res.json(200, hoist.images().dockerInspect(p.get(0))));
    router.add("POST", "/images/(.+)/tag", (req, res, p) -> {
      String repo = req.param("repo");
      if (repo == null || repo.isEmpty()) {
        throw new ApiException(400, "repository name must have at least one component");
      }
      String tag = req.param("tag");
      hoist.images().tag(p.get(0), tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
      res.empty(201);
    });
    router.add("DELETE", "/images/(.+)", (req, res, p) -> {
      ImageService.Removal removal = hoist.images().remove(p.get(0), req.flag("force", false));
      hoist.images().collectGarbage();
      List<Map<String, String>> answer = new ArrayList<>();
      removal.untagged().forEach(t -> answer.add(Map.of("Untagged", t)));
      removal.deleted().ifPresent(id -> answer.add(Map.of("Deleted", id)));
      res.json(200, answer);
    });
  }

  /** Docker's {@code ImageSummary}: one per image ID, its tags together. */
  private List<Map<String, Object>> list(HttpRequest req) throws IOException {
    List<ImageSummary> lines = hoist.images().list(FilterParam.of(req));
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (ImageSummary line : lines) {
      Map<String, Object> image = byId.computeIfAbsent(line.id(), id -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", id);
        m.put("ParentId", "");
        m.put("RepoTags", new ArrayList<String>());
        m.put("RepoDigests", new ArrayList<String>());
        m.put("Created", epochSeconds(line.created()));
        m.put("Size", line.size());
        m.put("SharedSize", -1);
        m.put("VirtualSize", line.size());
        m.put("Labels", line.labels());
        m.put("Containers", -1);
        return m;
      });
      if (!line.repository().equals("<none>")) {
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) image.get("RepoTags");
        tags.add(line.repository() + ":" + line.tag());
        @SuppressWarnings("unchecked")
        List<String> digests = (List<String>) image.get("RepoDigests");
        String digest = line.repository() + "@" + line.manifest().digest();
        if (!digests.contains(digest)) {
          digests.add(digest);
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static long epochSeconds(String created) {
    if (created == null || created.isEmpty()) {
      return 0;
    }
    try {
      return Instant.parse(created).getEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /**
   * {@code POST /images/create?fromImage=NAME&tag=TAG}: a pull, told as Docker's JSON progress
   * messages. {@code fromSrc} (import) is not served yet.
   */
  private void pull(HttpRequest req, HttpResponse res) throws IOException {
    String from = req.param("fromImage");
    if (from == null || from.isEmpty()) {
      throw new ApiException(400, req.param("fromSrc") != null
          ? "importing with fromSrc is not supported by hoist's API service yet"
          : "fromImage is required");
    }
    String tag = req.param("tag");
    String reference = tag == null || tag.isEmpty() ? from
        : tag.contains(":") ? from + "@" + tag : from + ":" + tag;
    ImageName name = ImageService.name(reference);
    try (JsonStream stream = new JsonStream(res)) {
      PullProgress progress = new PullProgress(stream);
      stream.send(Map.of("status", "Pulling from " + name.familiarRepository(),
          "id", name.tag() == null ? name.digest().toString() : name.tag()));
      try {
        TransferResult result = hoist.images().pull(name, null, RegistryOverrides.NONE,
            progress);
        progress.pulled(reference, result);
        stream.send(Map.of("status", "Status: Downloaded newer image for " + name.familiar()));
      } catch (IOException | RuntimeException e) {
        if (e instanceof UncheckedIOException) {
          return; // the client is gone
        }
        stream.error(e.getMessage());
      }
    }
  }
}
