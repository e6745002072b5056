package dev.hoist.internal.cache.store;

import dev.hoist.cache.model.Digest;
import java.nio.file.Path;
import java.util.Random;

/**
 * A separate process that writes one blob of pseudo-random bytes into a store (for the tests
 * that kill writers or run several at once). Arguments: blobs directory, size in bytes, seed,
 * pause in milliseconds between 64 KiB chunks. Prints the digest once committed.
 */
public final class BlobWriterProcess {
  private BlobWriterProcess() {}

  public static void main(String[] args) throws Exception {
    ContentStore store = new ContentStore(Path.of(args[0]));
    long size = Long.parseLong(args[1]);
    Random random = new Random(Long.parseLong(args[2]));
    long pause = Long.parseLong(args[3]);
    byte[] chunk = new byte[1 << 16];
    try (BlobWriter writer = store.writer()) {
      System.out.println("started");
      System.out.flush();
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        writer.write(chunk, 0, (int) Math.min(left, chunk.length));
        if (pause > 0) {
          Thread.sleep(pause);
        }
      }
      Digest digest = writer.commit();
      System.out.println(digest);
    }
  }
}
