package dev.hoist.internal.engine;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.ImageService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /images/…}: list, inspect, history, pull or import ({@code create}), tag, remove. */
final class ImageRoutes {
  private final Hoist hoist;
  private final ImageTransferRoutes transfers;

  ImageRoutes(Hoist hoist) {
    this.hoist = hoist;
    this.transfers = new ImageTransferRoutes(hoist);
  }

  void addTo(Router router) {
    transfers.addTo(router);
    router.add("GET", "/images/json", (req, res, p) -> res.json(200, list(req)));
    router.add("POST", "/images/create", (req, res, p) -> {
      if (req.param("fromSrc") != null) {
        transfers.importRootfs(req, res);
      } else {
        pull(req, res);
      }
    });
    router.add("GET", "/images/(.+)/history", (req, res, p) ->
        res.json(200, hoist.images().history(p.get(0)).stream().map(DockerShapes::history)
            .toList()));
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
    return DockerShapes.images(hoist.images().list(FilterParam.of(req)), Map.of());
  }

  /**
   * {@code POST /images/create?fromImage=NAME&tag=TAG}: a pull, told as Docker's JSON progress
   * messages, with the credentials of {@code X-Registry-Auth} when it has some.
   */
  private void pull(HttpRequest req, HttpResponse res) throws IOException {
    String from = req.param("fromImage");
    if (from == null || from.isEmpty()) {
      throw new ApiException(400, "fromImage is required");
    }
    String tag = req.param("tag");
    List<ImageName> names;
    if ((tag == null || tag.isEmpty()) && !ImageName.namesTagOrDigest(from)) {
      // no tag: every tag the registry lists, as Docker's (docker pull -a)
      names = hoist.registries().allTags(from,
          RegistryAuth.of(req, ImageService.name(from).registry()));
    } else {
      names = List.of(ImageService.name(tag == null || tag.isEmpty() ? from
          : tag.contains(":") ? from + "@" + tag : from + ":" + tag));
    }
    try (JsonStream stream = new JsonStream(res)) {
      stream.run(() -> {
        for (ImageName name : names) {
          pullOne(req, stream, name);
        }
      });
    }
  }

  /** One pull's messages: {@code Pulling from}, each blob's steps, the digest and status. */
  private void pullOne(HttpRequest req, JsonStream stream, ImageName name) throws IOException {
    PullProgress progress = new PullProgress(stream);
    stream.send(Map.of("status", "Pulling from " + name.familiarRepository(),
        "id", name.tag() == null ? name.digest().toString() : name.tag()));
    TransferResult result = hoist.images().pull(name, null,
        RegistryAuth.of(req, name.registry()), progress);
    progress.pulled(name.toString(), result);
    stream.send(Map.of("status", "Status: Downloaded newer image for " + name.familiar()));
  }
}
