package dev.hoist.internal.cache.snapshot;

import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.layer.ChunkPipe;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.ExtractResult;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerException;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.PrivateDirs;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.cache.store.TempFiles;
import dev.hoist.internal.cache.store.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Layers unpacked once each, into {@code snapshots/<diffID hex>}, for use as overlay lower
 * directories: every image that contains a layer shares its snapshot. A layer is extracted into
 * a temporary directory beside the snapshots, its diffID checked against the one the image
 * config gives, and the directory renamed into place; a crash leaves only a temporary
 * directory, which {@code hoist system prune} removes. Whiteouts are written as overlayfs reads
 * them (when running as root). Two processes unpacking the same layer take turns.
 */
public final class SnapshotStore {
  private final HoistHome home;
  private final ContentStore blobs;
  private final ExtractOptions options;
  private final boolean keepLayerBlobs;

  public SnapshotStore(HoistHome home, ContentStore blobs) {
    this(home, blobs, ExtractOptions.forCurrentUser());
  }

  public SnapshotStore(HoistHome home, ContentStore blobs, ExtractOptions options) {
    this(home, blobs, options.createDevices() ? options.withOverlayWhiteouts() : options, false);
  }

  private SnapshotStore(HoistHome home, ContentStore blobs, ExtractOptions options,
      boolean keepLayerBlobs) {
    this.home = home;
    this.blobs = blobs;
    this.options = options;
    this.keepLayerBlobs = keepLayerBlobs;
  }

  /**
   * This store, the layers adopted from build steps keeping their compressed blobs beside
   * their snapshots when {@code keep} (see {@link LayerRecipes#keepBlobs}); by default a built
   * layer is kept as its snapshot alone.
   */
  public SnapshotStore keepingLayerBlobs(boolean keep) {
    return new SnapshotStore(home, blobs, options, keep);
  }

  /** Where the snapshot of a layer is (or would be). */
  public Path path(Digest diffId) {
    return home.snapshots().resolve(diffId.hex());
  }

  public boolean contains(Digest diffId) {
    return Files.isDirectory(path(diffId));
  }

  /**
   * The snapshot of a layer, unpacking the layer blob first if needed. {@code diffId} is what
   * the image config says the layer's uncompressed content hashes to; a layer that does not is
   * refused and leaves nothing behind.
   */
  public Path ensure(Descriptor layer, Digest diffId) throws IOException {
    Path target = path(diffId);
    PrivateDirs.ensure(home.snapshots());
    if (Files.isDirectory(target)) {
      return target;
    }
    try (StoreLock.Held gc = new StoreLock(home, StoreLock.GC).shared();
        StoreLock.Held one = new StoreLock(home, "snapshot-" + diffId.hex()).exclusive()) {
      if (Files.isDirectory(target)) {
        return target; // another process unpacked it while we waited
      }
      Path temp = home.snapshots().resolve(TempFiles.name());
      Files.createDirectory(temp);
      boolean done = false;
      try {
        ExtractResult result;
        try (InputStream in = blobs.open(layer.digest())) {
          result = new LayerExtractor(options).extract(in, temp);
        }
        if (!result.diffId().equals(diffId)) {
          throw new LayerException(layer.digest().toString(), "layer content hashes to "
              + result.diffId() + ", but the image config says " + diffId);
        }
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          throw new IOException("cannot move snapshot " + temp + " to " + target, e);
        }
        AtomicFiles.syncDirectory(home.snapshots());
        done = true;
        return target;
      } finally {
        if (!done) {
          deleteQuietly(temp);
        }
      }
    }
  }

  /** Writes a layer, copying its uncompressed tar to {@code tarCopy} as it goes. */
  @FunctionalInterface
  public interface LayerWrite {
    LayerResult writeTo(OutputStream tarCopy) throws IOException;
  }

  /**
   * Writes a layer and unpacks its snapshot in the same pass, for layers this process makes
   * (COPY, ADD): the tar {@code write} copies out is extracted into a temporary directory on a
   * second thread as it arrives, instead of reading the blob back, decompressing and hashing it
   * again afterwards ({@link #ensure}). The extraction's diffID must be the layer's; then the
   * directory becomes the snapshot (or is dropped, when another build made it meanwhile).
   * Returns what {@code write} returned; nothing is left behind when either side fails.
   */
  public LayerResult unpackWhileWriting(LayerWrite write) throws IOException {
    PrivateDirs.ensure(home.snapshots());
    Path temp = home.snapshots().resolve(TempFiles.name());
    Files.createDirectory(temp);
    boolean done = false;
    try (StoreLock.Held gc = new StoreLock(home, StoreLock.GC).shared()) {
      ChunkPipe pipe = new ChunkPipe();
      AtomicReference<Throwable> unpackFailure = new AtomicReference<>();
      FutureTask<ExtractResult> extraction = new FutureTask<>(() -> {
        InputStream in = pipe.source();
        try {
          return new LayerExtractor(options).extract(in, temp);
        } catch (IOException | RuntimeException e) {
          unpackFailure.set(e); // before the pipe closes, so the writer can tell who failed
          throw e;
        } finally {
          in.close(); // a writer still writing fails at once rather than waiting
        }
      });
      Thread unpacker = new Thread(extraction, "hoist-snapshot-unpack");
      unpacker.setDaemon(true);
      unpacker.start();
      OutputStream tar = pipe.sink();
      LayerResult layer;
      try {
        layer = write.writeTo(tar);
      } catch (IOException | RuntimeException e) {
        boolean unpackerFirst = unpackFailure.get() != null; // then e is the closed pipe
        closeQuietly(tar);
        IOException unpack = failure(extraction);
        if (unpackerFirst && unpack != null) {
          unpack.addSuppressed(e);
          throw unpack;
        }
        throw e;
      }
      tar.close();
      IOException failed = failure(extraction);
      if (failed != null) {
        throw failed;
      }
      ExtractResult result = extraction.get();
      if (!result.diffId().equals(layer.diffId())) {
        throw new LayerException(layer.digest().toString(), "the snapshot unpacked while "
            + "writing hashes to " + result.diffId() + ", the layer to " + layer.diffId());
      }
      adopt(temp, layer.diffId()); // moved into place, or dropped when another build made it
      done = true;
      keepSnapshotOnly(layer, null);
      return layer;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("unreachable: the unpacker has finished", e);
    } finally {
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException ignored) {
      // the write already failed; that is what is reported
    }
  }

  /** How the unpacker ended, waiting for it: null when it succeeded. */
  private static IOException failure(FutureTask<ExtractResult> extraction) {
    try {
      extraction.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new java.io.InterruptedIOException("interrupted while unpacking a snapshot");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return cause instanceof IOException io ? io
          : new IOException("unpacking the snapshot failed: " + cause, cause);
    }
  }

  /**
   * Makes {@code dir} the snapshot of the layer with {@code diffId}, when it holds exactly what
   * that layer unpacks to in overlay form (such as the upper directory a build step's container
   * wrote, from which the layer was just made): moved into place, or deleted when the snapshot
   * exists already. {@code dir} must be on the same file system as the snapshots.
   */
  public Path adopt(Path dir, Digest diffId) throws IOException {
    moveIn(dir, diffId);
    return path(diffId);
  }

  /** Moves {@code dir} in as the snapshot of {@code diffId}; false (and deleted) if not moved. */
  private boolean moveIn(Path dir, Digest diffId) throws IOException {
    Path target = path(diffId);
    try (StoreLock.Held one = new StoreLock(home, "snapshot-" + diffId.hex()).exclusive()) {
      if (!Files.isDirectory(target)) {
        PrivateDirs.ensure(home.snapshots());
        try {
          Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
          AtomicFiles.syncDirectory(home.snapshots());
          return true;
        } catch (AtomicMoveNotSupportedException e) {
          // another file system: leave the layer to be unpacked when needed
        }
      }
    }
    deleteQuietly(dir);
    return false;
  }

  /**
   * As {@link #adopt(Path, Digest)}, for the upper directory of a build step from which {@code
   * layer} was just written and committed to the blob store: then, when the snapshot gives the
   * layer again, the layer is kept as its snapshot alone ({@link #keepSnapshotOnly}).
   */
  public Path adopt(Path dir, LayerResult layer) throws IOException {
    return adopt(dir, layer, null);
  }

  /**
   * As {@link #adopt(Path, LayerResult)}, given the {@code entries} of {@code dir} the layer was
   * written from: when {@code dir} is moved in whole (a rename: the same files, xattrs and all),
   * the check that the snapshot gives the layer again reads those entries at their new place
   * instead of listing the snapshot again (one {@code getfattr} process and a walk fewer per
   * RUN step).
   */
  public Path adopt(Path dir, LayerResult layer, List<LayerEntry> entries) throws IOException {
    Path target = path(layer.diffId());
    boolean moved = moveIn(dir, layer.diffId());
    keepSnapshotOnly(layer, moved && entries != null ? relocated(entries, dir, target) : null);
    return target;
  }

  private static List<LayerEntry> relocated(List<LayerEntry> entries, Path from, Path to) {
    List<LayerEntry> out = new ArrayList<>(entries.size());
    for (LayerEntry e : entries) {
      out.add(e.source() != null && e.source().startsWith(from)
          ? e.withSource(to.resolve(from.relativize(e.source()))) : e);
    }
    return out;
  }

  /**
   * Replaces the blob of a layer this process wrote from entries by a recipe that makes it
   * again from its snapshot ({@link LayerRecipes#keep}), when the store keeps recipes and the
   * snapshot gives the layer's tar again, unless this store was made {@link
   * #keepingLayerBlobs keeping layer blobs}. Otherwise, and when checking fails, the blob stays: the store then holds the layer
   * twice, as before, never less than once.
   */
  private void keepSnapshotOnly(LayerResult layer, List<LayerEntry> snapshotEntries) {
    if (blobs.recipes() instanceof LayerRecipes recipes && !keepLayerBlobs) {
      try {
        recipes.keep(layer, blobs.path(layer.digest()), snapshotEntries);
      } catch (IOException | RuntimeException checkFailed) {
        // the blob file is still there (a recipe is written before it goes): nothing is lost
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Trees.delete(dir);
    } catch (IOException ignored) {
      // what is left is a temporary directory, which prune removes
    }
  }
}
