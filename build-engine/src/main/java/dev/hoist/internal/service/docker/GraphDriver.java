package dev.hoist.internal.service.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code GraphDriverData}: the storage driver and where a container's or image's
 * layers are. hoist's layers are overlay directories, shown as Docker's {@code overlay2} shows
 * its own: {@code LowerDir} (colon-separated, top first), {@code UpperDir}, {@code WorkDir},
 * {@code MergedDir}.
 */
public record GraphDriver(@JsonProperty("Name") String name,
    @JsonProperty("Data") Map<String, String> data) {
  /** The driver's name, as Docker's overlay driver calls itself. */
  public static final String OVERLAY2 = "overlay2";

  public GraphDriver {
    data = Map.copyOf(data);
  }

  /** An image: its top layer's directory as {@code UpperDir}, the ones under it as lower. */
  public static GraphDriver ofImage(List<Path> layersTopFirst) {
    Map<String, String> data = new LinkedHashMap<>();
    if (layersTopFirst.size() > 1) {
      data.put("LowerDir", join(layersTopFirst.subList(1, layersTopFirst.size())));
    }
    if (!layersTopFirst.isEmpty()) {
      data.put("UpperDir", layersTopFirst.get(0).toString());
    }
    return new GraphDriver(OVERLAY2, data);
  }

  /** A container: the image's layers under its own upper, work and merged directories. */
  public static GraphDriver ofContainer(List<Path> lowerDirs, Path upper, Path work,
      Path merged) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("LowerDir", join(lowerDirs));
    data.put("UpperDir", upper.toString());
    data.put("WorkDir", work.toString());
    data.put("MergedDir", merged.toString());
    return new GraphDriver(OVERLAY2, data);
  }

  private static String join(List<Path> dirs) {
    return String.join(":", dirs.stream().map(Path::toString).toList());
  }
}
