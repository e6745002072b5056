package dev.hoist.internal.cache.snapshot;

import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.OverlayDiff;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.BlobNotFoundException;
import dev.hoist.internal.cache.store.BlobRecipes;
import dev.hoist.internal.cache.store.BlobRegenerationException;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layers hoist built, kept as their snapshot alone: the compressed blob is replaced by a
 * {@link LayerRecipe} in {@code recipes/<algorithm>/<hex>} and made again, when something reads
 * it, by writing the snapshot's entries through a layer writer with the recipe's settings
 * ({@link RegeneratedLayer}, verified against the digest as it streams).
 *
 * <p>{@link #keep} replaces a blob only once the snapshot is shown to give the layer's tar
 * again (the same diffID, from the snapshot as it now is on disk); the recipe is written
 * (atomically, fsynced) before the blob file is removed, so a crash leaves the blob, or the
 * blob and its recipe (the file is then read), never neither. Garbage collection keeps the
 * snapshot of every recipe it keeps ({@link #snapshotOf}).
 */
public final class LayerRecipes implements BlobRecipes {
  /** The environment variable that keeps built layers' blobs (read by the program, once). */
  public static final String KEEP_BLOBS_VARIABLE = "HOIST_KEEP_LAYER_BLOBS";

  private final HoistHome home;

  public LayerRecipes(HoistHome home) {
    this.home = home;
  }

  /**
   * Whether {@code environment} asks built layers to keep their compressed blobs as well as
   * their snapshots, as hoist did before recipes: a store twice the size, but a push that
   * uploads the blob as it is instead of compressing it again (a machine that builds and pushes
   * at once, such as CI): {@value #KEEP_BLOBS_VARIABLE} set to {@code 1} or {@code true}. The
   * library reads no environment itself: the program's context passes the answer down
   * ({@link SnapshotStore#keepingLayerBlobs}).
   */
  public static boolean keepBlobs(Map<String, String> environment) {
    String value = environment.get(KEEP_BLOBS_VARIABLE);
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  /** Where the recipe of a blob is (or would be). */
  public Path path(Digest blob) {
    return home.recipes().resolve(blob.algorithm()).resolve(blob.hex());
  }

  /** The recipe of a blob, when it is kept as one. */
  public Optional<LayerRecipe> read(Digest blob) throws IOException {
    byte[] json;
    try {
      json = Files.readAllBytes(path(blob));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    LayerRecipe recipe = CanonicalJson.read(json, LayerRecipe.class, "layer recipe " + path(blob));
    if (recipe.version() != LayerRecipe.VERSION || !recipe.digest().equals(blob)) {
      throw new BlobRegenerationException("the recipe " + path(blob) + " is of another format (v"
          + recipe.version() + ") or of another blob (" + recipe.digest() + ") than this hoist "
          + "reads");
    }
    return Optional.of(recipe);
  }

  /** The diffID of the snapshot a blob kept as a recipe is made from. */
  public Optional<Digest> snapshotOf(Digest blob) throws IOException {
    return read(blob).map(LayerRecipe::diffId);
  }

  /**
   * Keeps a layer this process just wrote (from entries, {@link LayerResult#settings}) and
   * committed as the blob file {@code blob}, whose snapshot is in place, as its snapshot alone:
   * when the snapshot's entries, written again with the layer's settings, give its tar (its
   * diffID), the blob file is replaced by a recipe. Returns whether it was; a layer the snapshot
   * does not give again (a file system that dropped an xattr, a snapshot of another form) keeps
   * its blob file, and so does one made without settings (a compressed tar from elsewhere).
   */
  public boolean keep(LayerResult layer, Path blob) throws IOException {
    return keep(layer, blob, null);
  }

  /**
   * As {@link #keep(LayerResult, Path)}, with the snapshot's entries given ({@code
   * snapshotEntries}: read from the snapshot's files) instead of listed again; null: listed.
   */
  public boolean keep(LayerResult layer, Path blob, List<LayerEntry> snapshotEntries)
      throws IOException {
    Path snapshot = home.snapshots().resolve(layer.diffId().hex());
    if (layer.settings() == null || !Files.isRegularFile(blob) || !Files.isDirectory(snapshot)
        || Files.size(blob) != layer.size()) {
      return false;
    }
    try (StoreLock.Held gc = new StoreLock(home, StoreLock.GC).shared()) {
      LayerResult tar = layer.settings().tarWriter()
          .write(snapshotEntries != null ? snapshotEntries : OverlayDiff.entries(snapshot),
              OutputStream.nullOutputStream());
      if (!tar.diffId().equals(layer.diffId()) || tar.size() != layer.uncompressedSize()) {
        return false;
      }
      Path recipe = path(layer.digest());
      AtomicFiles.write(recipe, CanonicalJson.write(LayerRecipe.of(layer)));
      Files.deleteIfExists(blob);
      AtomicFiles.syncDirectory(blob.getParent());
      return true;
    }
  }

  @Override
  public Optional<Long> size(Digest blob) throws IOException {
    return read(blob).map(LayerRecipe::size);
  }

  @Override
  public long storedBytes(Digest blob) throws IOException {
    try {
      return Files.size(path(blob));
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  @Override
  public InputStream open(Digest blob) throws IOException {
    LayerRecipe recipe = read(blob).orElseThrow(() -> new BlobNotFoundException(blob));
    return RegeneratedLayer.open(recipe, home.snapshots().resolve(recipe.diffId().hex()));
  }

  @Override
  public boolean delete(Digest blob) throws IOException {
    return Files.deleteIfExists(path(blob));
  }

  @Override
  public List<Digest> list() throws IOException {
    List<Digest> digests = new ArrayList<>();
    if (!Files.isDirectory(home.recipes())) {
      return digests;
    }
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(home.recipes())) {
      for (Path dir : algorithms) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(AtomicFiles.TEMP_PREFIX)) {
              continue;
            }
            try {
              digests.add(Digest.of(dir.getFileName().toString(), name));
            } catch (IllegalArgumentException notARecipe) {
              // a stray file: leave it alone
            }
          }
        }
      }
    }
    return digests;
  }
}
