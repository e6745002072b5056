package dev.hoist.internal.cache.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tar entries as USTAR headers with PAX extended headers where USTAR cannot hold a
 * value: names or link targets over 100 bytes or not ASCII, sizes ≥ 8 GiB, uid/gid > 07777777,
 * xattrs ({@code SCHILY.xattr.*}). Every field is a pure function of the entry: user and group
 * names empty, no atime/ctime, PAX header named {@code PaxHeaders.0/<base name>} with the entry's
 * mtime, PAX records sorted by key. The archive ends with two zero blocks and no record padding
 * (as Go's archive/tar writes layers).
 */
final class PaxTarWriter {
  private static final int BLOCK = 512;
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final byte[] ZEROS = new byte[BLOCK * 2];

  private final OutputStream out;
  private final byte[] header = new byte[BLOCK];
  private final byte[] copyBuffer = new byte[1 << 16];

  PaxTarWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes one entry: header(s), then exactly {@code size} bytes of {@code content} for a
   * regular file (the stream must hold exactly that many), then padding.
   */
  void write(String name, char typeFlag, int mode, long uid, long gid, long mtimeSeconds,
      long size, String linkName, Map<String, byte[]> xattrs, int devMajor, int devMinor,
      InputStream content) throws IOException {
    TreeMap<String, byte[]> pax = new TreeMap<>();
    byte[] nameBytes = RawNames.encode(name);
    if (nameBytes.length > 100 || !isAscii(nameBytes)) {
      pax.put("path", nameBytes);
    }
    byte[] linkBytes = linkName == null ? new byte[0] : RawNames.encode(linkName);
    if (linkBytes.length > 100 || !isAscii(linkBytes)) {
      pax.put("linkpath", linkBytes);
    }
    if (size > MAX_OCTAL_11) {
      pax.put("size", ascii(Long.toString(size)));
    }
    if (uid > MAX_OCTAL_7) {
      pax.put("uid", ascii(Long.toString(uid)));
    }
    if (gid > MAX_OCTAL_7) {
      pax.put("gid", ascii(Long.toString(gid)));
    }
    long mtime = Math.max(0, mtimeSeconds);
    if (mtime > MAX_OCTAL_11) {
      pax.put("mtime", ascii(Long.toString(mtime)));
    }
    for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
      pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      writeHeader(paxHeaderName(nameBytes), 'x', 0644, 0, 0, Math.min(mtime, MAX_OCTAL_11),
          records.length, new byte[0], 0, 0, false);
      out.write(records);
      pad(records.length);
    }
    boolean device = typeFlag == '3' || typeFlag == '4';
    writeHeader(truncate(nameBytes, 100), typeFlag, mode, Math.min(uid, MAX_OCTAL_7),
        Math.min(gid, MAX_OCTAL_7), Math.min(mtime, MAX_OCTAL_11),
        size > MAX_OCTAL_11 ? 0 : size, truncate(linkBytes, 100), devMajor, devMinor, device);
    if (size > 0) {
      copyExactly(name, content, size);
      pad(size);
    }
  }

  /** The end-of-archive marker: two zero blocks. */
  void finish() throws IOException {
    out.write(ZEROS);
  }

  private void copyExactly(String name, InputStream in, long size) throws IOException {
    long left = size;
    while (left > 0) {
      int n = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
      if (n < 0) {
        throw new IOException(name + ": expected " + size + " bytes, got " + (size - left)
            + " (did the file change while the layer was written?)");
      }
      out.write(copyBuffer, 0, n);
      left -= n;
    }
    if (in.read() >= 0) {
      throw new IOException(name + ": more than the expected " + size
          + " bytes (did the file change while the layer was written?)");
    }
  }

  private void pad(long size) throws IOException {
    int rem = (int) (size % BLOCK);
    if (rem != 0) {
      out.write(ZEROS, 0, BLOCK - rem);
    }
  }

  private void writeHeader(byte[] name, char typeFlag, int mode, long uid, long gid, long mtime,
      long size, byte[] link, int devMajor, int devMinor, boolean device) throws IOException {
    byte[] h = header;
    Arrays.fill(h, (byte) 0);
    System.arraycopy(name, 0, h, 0, Math.min(name.length, 100));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = (byte) typeFlag;
    System.arraycopy(link, 0, h, 157, Math.min(link.length, 100));
    System.arraycopy(ascii("ustar\0"), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    // uname (265..296) and gname (297..328) stay empty: numeric ids only
    if (device) {
      octal(h, 329, 8, devMajor);
      octal(h, 337, 8, devMinor);
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    // checksum: six octal digits, NUL, space
    String s = Long.toOctalString(sum);
    for (int i = 0; i < 6; i++) {
      int k = s.length() - 6 + i;
      h[148 + i] = (byte) (k >= 0 ? s.charAt(k) : '0');
    }
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
  }

  /** A zero-padded octal number of {@code width - 1} digits and a NUL. */
  private static void octal(byte[] h, int offset, int width, long value) {
    String s = Long.toOctalString(value);
    int digits = width - 1;
    if (s.length() > digits) {
      throw new IllegalArgumentException("value " + value + " does not fit " + digits
          + " octal digits");
    }
    for (int i = 0; i < digits; i++) {
      int k = s.length() - digits + i;
      h[offset + i] = (byte) (k >= 0 ? s.charAt(k) : '0');
    }
    h[offset + digits] = 0;
  }

  static byte[] paxRecords(Map<String, byte[]> records) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = r.getValue();
      int rest = 1 + key.length + 1 + value.length + 1; // " key=value\n"
      int len = rest + 1;
      while (Integer.toString(len).length() + rest != len) {
        len = Integer.toString(len).length() + rest;
      }
      buf.writeBytes(ascii(Integer.toString(len)));
      buf.write(' ');
      buf.writeBytes(key);
      buf.write('=');
      buf.writeBytes(value);
      buf.write('\n');
    }
    return buf.toByteArray();
  }

  private static byte[] paxHeaderName(byte[] name) {
    // base name, ASCII only (other bytes become '_'), cut so the whole fits 100 bytes
    int end = name.length;
    while (end > 0 && name[end - 1] == '/') {
      end--;
    }
    int start = end;
    while (start > 0 && name[start - 1] != '/') {
      start--;
    }
    byte[] prefix = ascii("PaxHeaders.0/");
    int baseLength = Math.min(end - start, 100 - prefix.length);
    byte[] result = Arrays.copyOf(prefix, prefix.length + baseLength);
    for (int i = 0; i < baseLength; i++) {
      byte b = name[start + i];
      result[prefix.length + i] = b > 0 && b < 0x7f ? b : (byte) '_';
    }
    return result;
  }

  /** The first bytes of a name for the USTAR field, cut at a character boundary. */
  private static byte[] truncate(byte[] bytes, int max) {
    if (bytes.length <= max) {
      return bytes;
    }
    int end = max;
    while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
      end--; // don't split a UTF-8 sequence
    }
    return Arrays.copyOf(bytes, end);
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b <= 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
