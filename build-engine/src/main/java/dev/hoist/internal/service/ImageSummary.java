package dev.hoist.internal.service;

import dev.hoist.cache.model.Descriptor;
import java.util.List;
import java.util.Map;

/**
 * One line of {@link ImageService#list()}: a tag (or {@code <none>}/{@code <none>} for an
 * untagged image), its image ID ({@code sha256:…}, the config's digest), creation time as the
 * config gives it (null when it has none), compressed size, the manifest or index it names, and
 * the image's labels, and its platforms ({@code os/arch[/variant]}: an index's entries, or
 * the one its config names).
 */
public record ImageSummary(String repository, String tag, String id, String created, long size,
    Descriptor manifest, Map<String, String> labels, List<String> platforms) {
  public ImageSummary {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
  }

  /** A line whose platforms are not known. */
  public ImageSummary(String repository, String tag, String id, String created, long size,
      Descriptor manifest, Map<String, String> labels) {
    this(repository, tag, id, created, size, manifest, labels, List.of());
  }

  /** Whether it is untagged (Docker's dangling image). */
  public boolean dangling() {
    return repository.equals("<none>");
  }

  /** {@code REPOSITORY:TAG}, as Docker's {@code RepoTags} holds it. */
  public String familiar() {
    return repository + ":" + tag;
  }
}
