package dev.hoist.internal.cache.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader whose entry names and link names keep their exact bytes, as {@link RawNames}
 * Strings. Commons Compress decodes header names with the stream's encoding and PAX
 * {@code path}/{@code linkpath} records always as UTF-8, replacing what is not UTF-8 with U+FFFD.
 * Here header fields and GNU long names are decoded as ISO-8859-1 (one char per byte, so the
 * bytes can be had back), and the PAX records are read a second time from the bytes Commons
 * Compress reads through this stream, so that each name is re-decoded from its raw bytes: the
 * entry's PAX record ({@code GNU.sparse.name} before {@code path}), else the latest global one,
 * else the header's — the precedence Commons Compress applies.
 *
 * <p>Entries must be read with {@link #getNextEntry()} (Commons Compress reads the entry that
 * follows a PAX or GNU long-name header by calling it again, which this class counts on).
 */
final class RawNameTarInputStream extends TarArchiveInputStream {
  private static final String SPARSE_NAME = "GNU.sparse.name";

  /** The data of the PAX header being read (local or global). */
  private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
  private boolean paxGlobal;
  private int depth;
  private byte[] globalPath;
  private byte[] globalLink;
  /** From the entry's own PAX header; an empty array deletes the global value. */
  private byte[] localPath;
  private byte[] localLink;

  RawNameTarInputStream(InputStream in) {
    super(in, StandardCharsets.ISO_8859_1.name());
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    takePaxRecords(); // a PAX header's data is read just before the entry it describes
    if (depth == 0) {
      localPath = null;
      localLink = null;
    }
    depth++;
    TarArchiveEntry entry;
    try {
      entry = super.getNextEntry();
    } finally {
      depth--;
    }
    if (depth == 0 && entry != null && !entry.isPaxHeader() && !entry.isGlobalPaxHeader()) {
      entry.setName(RawNames.decode(chosen(localPath, globalPath, entry.getName())));
      entry.setLinkName(RawNames.decode(chosen(localLink, globalLink, entry.getLinkName())));
    }
    return entry;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    TarArchiveEntry current = getCurrentEntry();
    if (n > 0 && current != null && (current.isPaxHeader() || current.isGlobalPaxHeader())) {
      paxGlobal = current.isGlobalPaxHeader();
      pax.write(buffer, offset, n);
    }
    return n;
  }

  private static byte[] chosen(byte[] local, byte[] global, String header) {
    if (local != null) {
      return local.length > 0 ? local : latin1(header);
    }
    return global != null ? global : latin1(header);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Parses the PAX records just read ({@code "<length> <key>=<value>\n"}) for the names. */
  private void takePaxRecords() {
    if (pax.size() == 0) {
      return;
    }
    byte[] data = pax.toByteArray();
    pax.reset();
    byte[] path = null;
    byte[] sparseName = null;
    byte[] link = null;
    int at = 0;
    while (at < data.length) {
      int space = indexOf(data, (byte) ' ', at);
      if (space < 0) {
        break;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        break; // Commons Compress has refused the header already
      }
      int end = at + length;
      int equals = indexOf(data, (byte) '=', space + 1);
      if (length <= 0 || end > data.length || equals < 0 || equals >= end) {
        break;
      }
      String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(data, equals + 1, end - 1); // without the newline
      switch (key) {
        case "path" -> path = value;
        case SPARSE_NAME -> sparseName = value;
        case "linkpath" -> link = value;
        default -> { }
      }
      at = end;
    }
    if (sparseName != null) {
      path = sparseName;
    }
    if (paxGlobal) {
      if (path != null) {
        globalPath = path.length > 0 ? path : null;
      }
      if (link != null) {
        globalLink = link.length > 0 ? link : null;
      }
    } else {
      localPath = path != null ? path : localPath;
      localLink = link != null ? link : localLink;
    }
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
