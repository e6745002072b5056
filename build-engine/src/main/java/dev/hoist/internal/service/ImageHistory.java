package dev.hoist.internal.service;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker history}: an image's config history, newest first, as the Engine API's
 * {@code HistoryResponseItem}s ({@code GET /images/{name}/history}).
 *
 * <p>Every history entry is a row, those of steps that made no layer ({@code empty_layer})
 * included, with size 0; the others take the image's layers from the top down, each with the
 * size of its blob as stored (the sizes {@code hoist images} adds up). The newest row carries the
 * image's ID and tags; the rows below it are {@code <missing>}, as Docker shows them for an
 * image whose parent steps are no local images (hoist keeps no intermediate images).
 */
public final class ImageHistory {
  /** The ID Docker shows for a step that is no local image. */
  public static final String MISSING = "<missing>";

  private ImageHistory() {}

  /**
   * One row of the history.
   *
   * @param id the image's ID on the newest row, {@link #MISSING} below it
   * @param created when the step ran, Unix seconds (0 when the entry has no time)
   * @param createdBy the step ({@code RUN …}, {@code /bin/sh -c #(nop) …})
   * @param tags the image's tags on the newest row, none below it
   * @param size the bytes of the step's layer (0 for a step without one)
   * @param comment the entry's comment
   */
  public record Item(String id, long created, String createdBy, List<String> tags, long size,
      String comment) {
    public Item {
      tags = List.copyOf(tags);
      createdBy = createdBy == null ? "" : createdBy;
      comment = comment == null ? "" : comment;
    }
  }

  /**
   * The rows of an image of ID {@code id}, config {@code config} and layers {@code layers} (the
   * manifest's, base first), tagged {@code tags}. An image whose history names fewer layers than
   * it has (a config without history, as some tools write) gets one row per layer left over,
   * below the history's, with no step.
   */
  public static List<Item> of(String id, ImageConfig config, List<Descriptor> layers,
      List<String> tags) {
    List<History> history = config.history();
    int layer = layers.size() - 1;
    List<Item> newestFirst = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      History h = history.get(i);
      long size = 0;
      if (!h.emptyLayer() && layer >= 0) {
        size = layers.get(layer).size();
        layer--;
      }
      newestFirst.add(new Item(MISSING, seconds(h.created()), h.createdBy(), List.of(), size,
          h.comment()));
    }
    for (; layer >= 0; layer--) { // layers the history does not name
      newestFirst.add(new Item(MISSING, seconds(config.created()), "", List.of(),
          layers.get(layer).size(), ""));
    }
    if (newestFirst.isEmpty()) {
      newestFirst.add(new Item(MISSING, seconds(config.created()), "", List.of(), 0, ""));
    }
    Item top = newestFirst.get(0);
    newestFirst.set(0, new Item(id, top.created(), top.createdBy(), tags, top.size(),
        top.comment()));
    return List.copyOf(newestFirst);
  }

  private static long seconds(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return 0;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}
