package dev.hoist.internal.cache.snapshot;

import dev.hoist.internal.cache.layer.ChunkPipe;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.OverlayDiff;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.BlobRegenerationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layer blob made again from its snapshot as it is read: a thread writes the snapshot's
 * entries through a layer writer with the recipe's settings into a {@link ChunkPipe}, and the
 * reader takes the bytes from its other end. The bytes are verified as they stream: at most
 * {@code size - 1} of them reach the reader before the whole blob has hashed to its digest, and
 * when it does not (or the blob comes out longer or shorter) the stream ends with a {@link
 * BlobRegenerationException} instead of the last byte. So no reader, not even one that reads
 * exactly the announced size and never asks for the end, completes with wrong bytes. Closing
 * the stream early stops the thread.
 */
final class RegeneratedLayer {
  private RegeneratedLayer() {}

  static InputStream open(LayerRecipe recipe, Path snapshot) throws IOException {
    if (!Files.isDirectory(snapshot)) {
      throw new BlobRegenerationException("layer " + recipe.digest() + " is kept as its "
          + "snapshot " + snapshot + ", which is missing: remove the images that use the layer "
          + "(hoist rmi) and build them again");
    }
    ChunkPipe pipe = new ChunkPipe();
    ChunkPipe.Sink sink = pipe.sink();
    Thread maker = new Thread(() -> make(recipe, snapshot, sink), "hoist-layer-regenerate");
    maker.setDaemon(true);
    maker.start();
    return pipe.source();
  }

  private static void make(LayerRecipe recipe, Path snapshot, ChunkPipe.Sink sink) {
    LastByteGate gate = new LastByteGate(sink, recipe);
    try {
      LayerResult made = recipe.settings().writer().write(OverlayDiff.entries(snapshot), gate);
      if (!made.digest().equals(recipe.digest()) || made.size() != recipe.size()) {
        throw new BlobRegenerationException(mismatch(recipe, snapshot, made.digest(),
            made.size(), made.diffId()));
      }
      gate.release();
      sink.close();
    } catch (BlobRegenerationException e) {
      sink.fail(e);
    } catch (IOException | RuntimeException e) {
      sink.fail(new BlobRegenerationException("layer " + recipe.digest() + " cannot be made "
          + "again from its snapshot " + snapshot + ": " + e.getMessage(), e));
    }
  }

  static String mismatch(LayerRecipe recipe, Path snapshot, Digest digest, long size,
      Digest diffId) {
    String head = "layer " + recipe.digest() + " (" + recipe.size() + " bytes) cannot be made "
        + "again byte for byte from its snapshot " + snapshot + ": it comes out as "
        + digest + " (" + size + " bytes); nothing wrong was served. ";
    if (diffId.equals(recipe.diffId())) {
      return head + "Its content is intact (diffID " + diffId + "), but the compressor writes "
          + "other bytes than the one that built it (" + recipe.writer() + "; a zlib or zstd "
          + "upgrade). Build the image again without the cache (hoist build --no-cache) to give "
          + "its layers new digests.";
    }
    return head + "The snapshot's files changed after the layer was built (its tar hashes to "
        + diffId + ", not " + recipe.diffId() + "). Remove the images that use it (hoist rmi), "
        + "then hoist system prune -a, and build them again.";
  }

  /**
   * Passes the bytes on, holding back the blob's last byte until {@link #release}: what a reader
   * gets before the digest is checked is never the whole blob. Bytes past the recipe's size are
   * not passed on (the writer still runs to the end, so the tar's hash tells what changed).
   */
  private static final class LastByteGate extends OutputStream {
    private final OutputStream out;
    private final LayerRecipe recipe;
    private final long passable;
    private long written;
    private int held = -1;

    LastByteGate(OutputStream out, LayerRecipe recipe) {
      this.out = out;
      this.recipe = recipe;
      this.passable = recipe.size() - 1;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (written + len > recipe.size()) {
        written += len; // too long: the digest cannot match, nothing more reaches the reader
        return;
      }
      int pass = (int) Math.max(0, Math.min(len, passable - written));
      out.write(b, off, pass);
      if (pass < len) {
        held = b[off + len - 1] & 0xff; // the blob's last byte: only one fits past passable
      }
      written += len;
    }

    void release() throws IOException {
      if (held >= 0 && written == recipe.size()) {
        out.write(held);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {
      // the pipe is closed by the maker, after the digest is checked
    }
  }
}
