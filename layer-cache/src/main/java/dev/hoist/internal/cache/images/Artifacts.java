package dev.hoist.internal.cache.images;

import dev.hoist.cache.image.Artifact;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.Index;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageIndex;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.BlobNotFoundException;
import java.io.IOException;

/** Choosing the image for a platform from an artifact that may be an index (or indexes). */
public final class Artifacts {
  private static final int MAX_DEPTH = 8;

  /** Hears each index passed on the way to the image. */
  @FunctionalInterface
  public interface IndexVisitor {
    void visit(Index index) throws IOException;
  }

  /** The error for an index without an entry for the platform. */
  @FunctionalInterface
  public interface NoMatch {
    IOException of(ImageIndex index);
  }

  private Artifacts() {}

  /**
   * {@code artifact} itself when it is an image; else the entry of its index for {@code platform},
   * through nested indexes (at most 8 deep), each index passed to {@code passed} on the way.
   */
  public static Image forPlatform(Artifact artifact, Platform platform, NoMatch noMatch,
      IndexVisitor passed) throws IOException {
    Artifact current = artifact;
    for (int depth = 0; depth <= MAX_DEPTH; depth++) {
      if (current instanceof Image image) {
        return image;
      }
      Index index = (Index) current;
      passed.visit(index);
      ImageIndex parsed = index.index();
      Descriptor chosen = parsed.manifestFor(platform).orElseThrow(() -> noMatch.of(parsed));
      current = index.child(chosen).orElseThrow(() -> new BlobNotFoundException(chosen.digest()));
    }
    throw new IOException("image indexes nested too deeply under " + artifact.descriptor().digest());
  }

  /** {@link #forPlatform(Artifact, Platform, NoMatch, IndexVisitor)} without watching the indexes. */
  public static Image forPlatform(Artifact artifact, Platform platform, NoMatch noMatch)
      throws IOException {
    return forPlatform(artifact, platform, noMatch, index -> { });
  }
}
