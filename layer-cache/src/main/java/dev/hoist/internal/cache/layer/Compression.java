package dev.hoist.internal.cache.layer;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.hoist.cache.model.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/** How a layer's tar stream is compressed, recognised from its first bytes. */
public enum Compression {
  NONE(MediaTypes.OCI_LAYER),
  GZIP(MediaTypes.OCI_LAYER_GZIP),
  ZSTD(MediaTypes.OCI_LAYER_ZSTD);

  private static final int BUFFER = 1 << 16;

  private final String ociMediaType;

  Compression(String ociMediaType) {
    this.ociMediaType = ociMediaType;
  }

  /** The OCI layer media type for a layer compressed this way. */
  public String ociMediaType() {
    return ociMediaType;
  }

  /**
   * Recognises the compression from the stream's first bytes (gzip 1f 8b, zstd 28 b5 2f fd,
   * otherwise none) without consuming them. The stream must support mark/reset.
   */
  public static Compression detect(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("detect needs a stream that supports mark/reset");
    }
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** The uncompressed tar stream of a layer, whatever its compression. */
  public static InputStream decompressed(InputStream raw) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, BUFFER);
    return switch (detect(in)) {
      case GZIP -> new GZIPInputStream(in, BUFFER); // reads concatenated members (pigz output)
      case ZSTD -> new ZstdInputStream(in);
      case NONE -> in;
    };
  }

  /** A compressing stream for zstd (gzip has its own writer, with parallel compression). */
  public static OutputStream zstd(OutputStream out, int level) throws IOException {
    return new ZstdOutputStream(out, level);
  }
}
