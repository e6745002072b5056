package dev.hoist.internal.cache.archive;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Imports a tarball slowly in another process (home, tar file, name, milliseconds per 64 KiB
 * read), printing "writing" once it has begun storing content.
 */
public final class SlowImportProcess {
  private SlowImportProcess() {}

  public static void main(String[] args) throws Exception {
    long pause = Long.parseLong(args[3]);
    try (InputStream in = new FilterInputStream(Files.newInputStream(Path.of(args[1]))) {
      private boolean announced;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (!announced) {
          announced = true;
          System.out.println("writing");
          System.out.flush();
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return super.read(b, off, Math.min(len, 1 << 16));
      }
    }) {
      new RootfsImporter(new ImageStore(new HoistHome(Path.of(args[0]))),
          LayerWriter.builder().build())
          .importTar(in, ImageName.parse(args[2]), Platform.parse("linux/amd64"), Instant.now());
    }
    System.out.println("done");
  }
}
