package dev.hoist.internal.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Blobs a home keeps as a recipe that makes them again from other content it holds, instead of
 * as their bytes (the layers hoist built, made again from their snapshots). {@link
 * ContentStore} consults it for every blob it does not hold as a file, so its readers never
 * tell the two apart.
 */
public interface BlobRecipes {
  /** None: a store of files only. */
  BlobRecipes NONE = new BlobRecipes() {
    @Override
    public Optional<Long> size(Digest blob) {
      return Optional.empty();
    }

    @Override
    public long storedBytes(Digest blob) {
      return 0;
    }

    @Override
    public InputStream open(Digest blob) throws IOException {
      throw new BlobNotFoundException(blob);
    }

    @Override
    public boolean delete(Digest blob) {
      return false;
    }

    @Override
    public List<Digest> list() {
      return List.of();
    }
  };

  /** The size of the blob a recipe makes, or empty when there is no recipe for it. */
  Optional<Long> size(Digest blob) throws IOException;

  /** The bytes the recipe itself takes on disk (0 when there is none). */
  long storedBytes(Digest blob) throws IOException;

  /**
   * The blob's bytes, made from its recipe and verified against its digest as they stream: on a
   * mismatch the stream ends with a {@link BlobRegenerationException} before its last byte, so
   * no reader ever completes with wrong bytes. A missing recipe is a {@link
   * BlobNotFoundException}.
   */
  InputStream open(Digest blob) throws IOException;

  /** Removes the recipe; false when there was none. */
  boolean delete(Digest blob) throws IOException;

  /** The digests of every blob kept as a recipe. */
  List<Digest> list() throws IOException;
}
