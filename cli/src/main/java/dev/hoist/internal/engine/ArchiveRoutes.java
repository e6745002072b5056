package dev.hoist.internal.engine;

import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.layer.LayerException;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.Hoist;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /containers/{id}/archive} ({@code docker cp}): {@code HEAD} (what a path is, in the
 * {@code X-Docker-Container-Path-Stat} header), {@code GET} (the path as a tar, the header
 * too), {@code PUT} (a tar extracted into a directory: {@code noOverwriteDirNonDir},
 * {@code copyUIDGID}); running or stopped containers. Each one call of {@link ContainerService}'s
 * copy (the one {@code hoist cp} uses: paths resolved inside the container's root, no symlink
 * followed out of it).
 */
final class ArchiveRoutes {
  static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

  private final ContainerService containers;

  ArchiveRoutes(Hoist hoist) {
    this.containers = hoist.containers();
  }

  void addTo(Router router) {
    router.add("HEAD", "/containers/([^/]+)/archive", (req, res, p) -> {
      ContainerService.PathStat stat = containers.stat(p.get(0), path(req));
      res.header(STAT_HEADER, header(stat)).empty(200);
    });
    router.add("GET", "/containers/([^/]+)/archive", (req, res, p) -> {
      String path = path(req);
      ContainerService.PathStat stat = containers.stat(p.get(0), path);
      res.header(STAT_HEADER, header(stat));
      try (OutputStream out = res.stream(200, "application/x-tar")) {
        containers.copyOut(p.get(0), path, false, out);
      }
    });
    router.add("PUT", "/containers/([^/]+)/archive", (req, res, p) -> {
      try {
        containers.copyIn(req.body(), p.get(0), path(req), req.flag("copyUIDGID", false),
            req.flag("noOverwriteDirNonDir", false));
      } catch (LayerException e) {
        throw new ApiException(400, e.getMessage());
      }
      res.empty(200);
    });
  }

  /** The {@code path} parameter, required; relative ones from the container's root. */
  private static String path(HttpRequest req) {
    String path = req.param("path");
    if (path == null || path.isEmpty()) {
      throw new ApiException(400, "the path parameter is required");
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  /** Docker's header: the stat as JSON in standard base64, its mode as Go's {@code FileMode}. */
  static String header(ContainerService.PathStat stat) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", stat.name());
    json.put("size", stat.size());
    json.put("mode", goMode(stat.mode()));
    json.put("mtime", stat.mtime().toString());
    json.put("linkTarget", stat.linkTarget());
    return Base64.getEncoder().encodeToString(CanonicalJson.mapper().writeValueAsBytes(json));
  }

  /** Go's {@code os.FileMode} of a Unix mode (as Go's {@code os.Lstat} fills it). */
  static long goMode(int unix) {
    long mode = unix & 0777;
    mode |= switch (unix & 0170000) {
      case 0040000 -> 1L << 31; // ModeDir
      case 0120000 -> 1L << 27; // ModeSymlink
      case 0060000 -> 1L << 26; // ModeDevice
      case 0020000 -> (1L << 26) | (1L << 21); // ModeDevice | ModeCharDevice
      case 0010000 -> 1L << 25; // ModeNamedPipe
      case 0140000 -> 1L << 24; // ModeSocket
      default -> 0L;
    };
    if ((unix & 04000) != 0) {
      mode |= 1L << 23; // ModeSetuid
    }
    if ((unix & 02000) != 0) {
      mode |= 1L << 22; // ModeSetgid
    }
    if ((unix & 01000) != 0) {
      mode |= 1L << 20; // ModeSticky
    }
    return mode;
  }
}
