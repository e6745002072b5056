package dev.hoist.internal.engine;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveLoader;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.ImageService;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images in and out of the store: {@code POST /images/{name}/push} (with
 * {@code X-Registry-Auth}), {@code GET /images/{name}/get} and {@code /images/get?names=}
 * (save, Docker's archive), {@code POST /images/load}, and the import of
 * {@code POST /images/create?fromSrc=-}; each one {@link ImageService} call.
 */
final class ImageTransferRoutes {
  private final ImageService images;

  ImageTransferRoutes(Hoist hoist) {
    this.images = hoist.images();
  }

  void addTo(Router router) {
    router.add("POST", "/images/(.+)/push", (req, res, p) -> push(req, res, p.get(0)));
    router.add("GET", "/images/get", (req, res, p) -> save(req, res, req.params("names")));
    router.add("GET", "/images/(.+)/get", (req, res, p) -> save(req, res, List.of(p.get(0))));
    router.add("POST", "/images/load", (req, res, p) -> load(req, res));
  }

  /**
   * {@code POST /images/{name}/push?tag=}: Docker's push messages (the repository, each blob's
   * steps, {@code TAG: digest: … size: …}, the {@code aux} with them); a failure after the
   * first message is Docker's {@code errorDetail}.
   */
  private void push(HttpRequest req, HttpResponse res, String image) throws IOException {
    String tag = req.param("tag");
    boolean allTags = (tag == null || tag.isEmpty()) && !ImageName.namesTagOrDigest(image);
    // no tag: every local tag of the repository, as Docker's (docker push -a)
    List<String> references = allTags ? images.localTags(image)
        : List.of(tag == null || tag.isEmpty() ? image : image + ":" + tag);
    ImageName name = ImageService.name(references.get(0));
    if (!allTags) {
      images.require(references.get(0)); // missing: a 404 before the stream begins
    }
    try (JsonStream stream = new JsonStream(res)) {
      stream.send(Map.of("status", "The push refers to repository [" + name.registry() + "/"
          + name.repository() + "]"));
      stream.run(() -> {
        for (String reference : references) {
          pushOne(req, stream, reference);
        }
      });
    }
  }

  /** One tag's push messages: each blob's steps, {@code TAG: digest: … size: …}, the aux. */
  private void pushOne(HttpRequest req, JsonStream stream, String reference)
      throws IOException {
    ImageName name = ImageService.name(reference);
    TransferResult pushed = images.push(reference, null,
        RegistryAuth.of(req, name.registry()), PullProgress.pushing(stream).blobs());
    Descriptor root = pushed.root();
    String shown = name.tag() == null ? "latest" : name.tag();
    stream.send(Map.of("status", shown + ": digest: " + root.digest() + " size: "
        + root.size()));
    Map<String, Object> aux = new LinkedHashMap<>();
    aux.put("Tag", shown);
    aux.put("Digest", root.digest().toString());
    aux.put("Size", root.size());
    stream.send(Map.of("progressDetail", Map.of(), "aux", aux));
  }

  /** Docker's {@code docker save} archive of {@code references}, for this machine. */
  private void save(HttpRequest req, HttpResponse res, List<String> references)
      throws IOException {
    if (references.isEmpty()) {
      throw new ApiException(400, "no image names given: names=NAME");
    }
    String platform = req.param("platform");
    images.save(references, ArchiveFormat.DOCKER, platform == null || platform.isEmpty()
        ? Platform.host() : platformOf(platform), body -> {
          try (OutputStream out = res.stream(200, "application/x-tar")) {
            body.writeTo(out);
          }
        });
  }

  /** A platform as the API gives it: {@code os/arch}, or its JSON ({@code {"os":…}}). */
  private static Platform platformOf(String text) {
    String t = text.trim();
    if (t.startsWith("{")) {
      try {
        var json = dev.hoist.internal.cache.json.CanonicalJson.mapper().readTree(t);
        t = json.path("os").asText("linux") + "/" + json.path("architecture").asText("");
        String variant = json.path("variant").asText("");
        t = variant.isEmpty() ? t : t + "/" + variant;
      } catch (IOException e) {
        throw new ApiException(400, "invalid platform: " + text);
      }
    }
    return Platform.parse(t);
  }

  /**
   * {@code POST /images/load}: an archive ({@code docker save}'s, or an OCI layout) into the
   * store; Docker's {@code Loaded image: NAME} and {@code Loaded image ID: ID} messages.
   */
  private void load(HttpRequest req, HttpResponse res) throws IOException {
    ArchiveLoader.Loaded loaded = images.load(req.body());
    try (JsonStream stream = new JsonStream(res)) {
      for (ImageName tag : loaded.tags()) {
        stream.send(Map.of("stream", "Loaded image: " + tag.familiar() + "\n"));
      }
      for (Descriptor untagged : loaded.untagged()) {
        stream.send(Map.of("stream", "Loaded image ID: " + images.imageId(untagged) + "\n"));
      }
      if (!stream.started()) {
        stream.send(Map.of("stream", ""));
      }
    }
  }

  /**
   * {@code POST /images/create?fromSrc=-&repo=&tag=}: the body, a root filesystem's tar, as a
   * one-layer image ({@link ImageService#importRootfs}); Docker's answer, the image's ID as a
   * status message. {@code fromSrc} other than {@code -} (a URL), {@code changes} and
   * {@code message} are refused: hoist's import takes neither.
   */
  void importRootfs(HttpRequest req, HttpResponse res) throws IOException {
    if (!"-".equals(req.param("fromSrc"))) {
      throw new ApiException(400, "importing from a URL is not supported by hoist: send the "
          + "tar as the body (fromSrc=-)");
    }
    if (!req.params("changes").stream().allMatch(String::isBlank)
        || !(req.param("message") == null || req.param("message").isEmpty())) {
      throw new ApiException(400, "hoist's import takes no changes and no message (docker "
          + "import -c, -m): import, then build FROM the image");
    }
    String repo = req.param("repo");
    String tag = req.param("tag");
    ImageName name = repo == null || repo.isEmpty() ? null
        : ImageService.name(tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
    String platform = req.param("platform");
    Descriptor manifest = images.importRootfs(req.body(), name,
        platform == null || platform.isEmpty() ? Platform.host() : platformOf(platform));
    try (JsonStream stream = new JsonStream(res)) {
      stream.send(Map.of("status", images.imageId(manifest)));
    }
  }
}
