package dev.hoist.internal.engine;

import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.SystemService;
import dev.hoist.internal.service.VolumeService;
import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.PruneFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prunes: {@code POST /containers/prune}, {@code /images/prune}, {@code /volumes/prune},
 * {@code /networks/prune}, {@code /build/prune}, each one service prune with the request's
 * {@code filters} ({@code until}, {@code label}, {@code label!}; images also {@code dangling},
 * volumes {@code all}), answered with Docker's {@code *Deleted} and {@code SpaceReclaimed}.
 */
final class PruneRoutes {
  private final Hoist hoist;

  PruneRoutes(Hoist hoist) {
    this.hoist = hoist;
  }

  void addTo(Router router) {
    router.add("POST", "/containers/prune", (req, res, p) -> {
      ContainerService.PruneReport r = hoist.containers().prune(filter(FilterParam.of(req)));
      res.json(200, answer("ContainersDeleted", r.removed(), r.bytes()));
    });
    router.add("POST", "/images/prune", (req, res, p) -> {
      Filters given = FilterParam.of(req);
      Boolean dangling = given.bool("dangling");
      ImageService.ImagePruneReport r = hoist.images().prune(dangling != null && !dangling,
          filter(given.without("dangling")));
      List<Map<String, String>> deleted = new ArrayList<>();
      r.images().untagged().forEach(t -> deleted.add(Map.of("Untagged", t)));
      r.images().deleted().forEach(id -> deleted.add(Map.of("Deleted", id)));
      res.json(200, answer("ImagesDeleted", deleted, r.garbage().bytes()));
    });
    router.add("POST", "/volumes/prune", (req, res, p) -> {
      Filters given = FilterParam.of(req);
      Boolean all = given.bool("all");
      VolumeService.PruneReport r = hoist.volumes().prune(all != null && all,
          filter(given.without("all")));
      res.json(200, answer("VolumesDeleted", r.removed(), r.bytes()));
    });
    router.add("POST", "/networks/prune", (req, res, p) -> res.json(200,
        Map.of("NetworksDeleted", hoist.networks().prune(filter(FilterParam.of(req))))));
    router.add("POST", "/build/prune", (req, res, p) -> {
      Filters given = FilterParam.of(req);
      if (given.contains("label") || given.contains("label!")) {
        throw new ApiException(400, "build-cache entries have no labels: filter by until only");
      }
      PruneFilter filter = filter(given);
      SystemService.BuildCachePruneReport r = hoist.system().pruneBuildCache(
          req.flag("all", false), filter.until());
      res.json(200, answer("CachesDeleted", r.removed(), r.garbage().bytes()));
    });
  }

  private PruneFilter filter(Filters filters) {
    return PruneFilter.of(filters, hoist.context().clock());
  }

  private static Map<String, Object> answer(String key, List<?> deleted, long bytes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, deleted);
    m.put("SpaceReclaimed", bytes);
    return m;
  }
}
