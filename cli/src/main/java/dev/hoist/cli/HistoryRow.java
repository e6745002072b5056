package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.ImageHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A row of {@code docker history --format}: docker/cli's {@code historyContext} (fields
 * {@code .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment}), its headers and default
 * table.
 */
final class HistoryRow {
  static final String TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t"
      + "{{.Comment}}";
  static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
      "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");
  /** docker/cli truncates the step to 45 characters, an ellipsis last. */
  private static final int CREATED_BY_WIDTH = 45;

  private HistoryRow() {}

  /** The row of {@code item}; {@code trunc}: short IDs and steps; {@code human}: "2 days ago", 4.2MB. */
  static GoStruct of(ImageHistory.Item item, boolean trunc, boolean human, Instant now) {
    Instant created = Instant.ofEpochSecond(item.created());
    String rfc3339 = OffsetDateTime.ofInstant(created, ZoneId.systemDefault())
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String since = rfc3339;
    if (human) {
      Duration age = Duration.between(created, now);
      since = Times.human(age.isNegative() ? Duration.ZERO : age) + " ago";
    }
    String createdBy = item.createdBy().replace('\t', ' ');
    return GoStruct.of("*formatter.historyContext")
        .field("ID", trunc ? shortId(item.id()) : item.id())
        .field("CreatedSince", since)
        .field("CreatedAt", rfc3339)
        .field("CreatedBy", trunc ? ellipsis(createdBy, CREATED_BY_WIDTH) : createdBy)
        .field("Size", human ? Sizes.docker(item.size(), 3) : Long.toString(item.size()))
        .field("Comment", item.comment())
        .build();
  }

  /** As docker's {@code stringid.TruncateID}: the algorithm dropped, 12 characters. */
  static String shortId(String id) {
    String hex = id.substring(id.indexOf(':') + 1);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** As docker's {@code stringutils.Ellipsis}: at most {@code width} code points, … last. */
  static String ellipsis(String s, int width) {
    int[] cps = s.codePoints().toArray();
    if (cps.length <= width) {
      return s;
    }
    return new String(cps, 0, width - 1) + "…";
  }
}
