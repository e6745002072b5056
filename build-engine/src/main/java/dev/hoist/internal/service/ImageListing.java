package dev.hoist.internal.service;

import dev.hoist.internal.service.list.Filters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code docker images}' selection, as moby's image list makes it: newest first; the filters
 * {@code dangling label reference before since}. A {@code reference} filter keeps the tags it
 * matches (a glob over the familiar name, with or without the tag, as distribution's
 * {@code FamiliarMatch}).
 */
final class ImageListing {
  static final Set<String> FILTERS = Set.of("dangling", "label", "reference", "before",
      "since");

  private ImageListing() {}

  static List<ImageSummary> select(List<ImageSummary> all, Filters filters,
      ImageService images) throws java.io.IOException {
    Filters f = filters.validate(FILTERS);
    Boolean dangling = f.bool("dangling");
    Instant before = bound(f, "before", images, all);
    Instant since = bound(f, "since", images, all);
    List<Pattern> references = f.get("reference").stream().map(ImageListing::glob).toList();
    List<ImageSummary> shown = new ArrayList<>();
    for (ImageSummary image : all) {
      if (dangling != null && image.dangling() != dangling) {
        continue;
      }
      if (!references.isEmpty() && (image.dangling() || references.stream().noneMatch(p ->
          p.matcher(image.repository()).matches() || p.matcher(image.familiar()).matches()))) {
        continue;
      }
      if (!f.matchLabels("label", image.labels())) {
        continue;
      }
      Instant created = created(image);
      if (before != null && !created.isBefore(before)) {
        continue;
      }
      if (since != null && !created.isAfter(since)) {
        continue;
      }
      shown.add(image);
    }
    shown.sort(Comparator.comparing(ImageListing::created).reversed());
    return shown;
  }

  private static Instant bound(Filters f, String key, ImageService images,
      List<ImageSummary> all) throws java.io.IOException {
    List<String> values = f.get(key);
    if (values.isEmpty()) {
      return null;
    }
    String id = images.imageId(images.require(values.get(values.size() - 1)));
    return all.stream().filter(i -> i.id().equals(id)).findFirst().map(ImageListing::created)
        .orElse(Instant.EPOCH);
  }

  static Instant created(ImageSummary image) {
    if (image.created() == null) {
      return Instant.EPOCH;
    }
    try {
      return OffsetDateTime.parse(image.created()).toInstant();
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  /** Go's {@code path.Match} pattern as a regular expression: {@code *} and {@code ?} stop at '/'. */
  static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            re.append("\\[");
          } else {
            String cls = pattern.substring(i + 1, end).replace("\\", "\\\\");
            re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1) : cls).append(']');
            i = end;
          }
        }
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
