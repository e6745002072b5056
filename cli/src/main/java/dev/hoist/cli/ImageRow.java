package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.ImageSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image line as {@code docker images --format} sees it: docker/cli's {@code imageContext}
 * (fields {@code .ID .Repository .Tag .Digest .CreatedSince .CreatedAt .Size .SharedSize
 * .UniqueSize .VirtualSize .Containers}, and hoist's {@code .Platforms}: an index's platforms
 * joined by commas), its header names and default tables.
 */
final class ImageRow {
  static final String TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t"
      + "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
  static final String TABLE_WITH_DIGEST = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t"
      + "{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
  static final Map<String, String> HEADERS = headers();

  private ImageRow() {}

  private static Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ID", "IMAGE ID");
    h.put("Repository", "REPOSITORY");
    h.put("Tag", "TAG");
    h.put("Digest", "DIGEST");
    h.put("CreatedSince", "CREATED");
    h.put("CreatedAt", "CREATED AT");
    h.put("Size", "SIZE");
    h.put("Containers", "CONTAINERS");
    h.put("VirtualSize", "SIZE");
    h.put("SharedSize", "SHARED SIZE");
    h.put("UniqueSize", "UNIQUE SIZE");
    h.put("Platforms", "PLATFORMS");
    return Map.copyOf(h);
  }

  /**
   * The row of {@code image}; {@code trunc}: 12-digit IDs; {@code digest}: the manifest's digest
   * shown (docker shows a tag's repository digest only when asked: {@code --digests} or
   * {@code .Digest} in the format).
   */
  static GoStruct of(ImageSummary image, boolean trunc, boolean digest, Instant now) {
    return of(image, trunc, digest, now, null);
  }

  /** As above, with the number of containers made from it ({@code system df -v}; null: N/A). */
  static GoStruct of(ImageSummary image, boolean trunc, boolean digest, Instant now,
      Long containers) {
    Instant created = created(image.created());
    String since = "";
    if (created != null) {
      Duration age = Duration.between(created, now);
      since = Times.human(age.isNegative() ? Duration.ZERO : age) + " ago";
    }
    String id = image.id();
    return GoStruct.of("*formatter.imageContext")
        .field("ID", trunc ? id.substring(id.indexOf(':') + 1, id.indexOf(':') + 13) : id)
        .field("Repository", image.repository())
        .field("Tag", image.tag())
        .field("Digest", image.dangling() || !digest ? "<none>"
            : image.manifest().digest().toString())
        .field("CreatedSince", since)
        .field("CreatedAt", created == null ? "" : GoTime.local(created.truncatedTo(ChronoUnit.SECONDS)))
        .field("Size", Sizes.docker(image.size(), 3))
        .field("VirtualSize", Sizes.docker(image.size(), 4))
        .field("SharedSize", "N/A")
        .field("UniqueSize", "N/A")
        .field("Containers", containers == null ? "N/A" : containers.toString())
        .field("Platforms", String.join(",", image.platforms()))
        .build();
  }

  private static Instant created(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
