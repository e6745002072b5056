package dev.hoist.internal.cache.layer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names are bytes on Linux, and not every byte string is UTF-8 ({@code touch $'a\377b'}).
 * Docker and BuildKit keep such names exactly; so does hoist, by holding a name as a String in
 * which every byte that is not part of valid UTF-8 stands as the lone surrogate
 * {@code U+DC00 + byte} (Python's "surrogateescape", PEP 383). The mapping is one-to-one: valid
 * UTF-8 decodes as usual, and no valid UTF-8 decodes to a lone surrogate, so {@link #encode}
 * gives back the exact bytes {@link #decode} was given.
 *
 * <p>The JDK converts between Paths and Strings with the platform's encoding, which replaces
 * what it cannot decode with U+FFFD: a listed Path keeps its bytes, but its {@code toString()}
 * does not, and {@code Path.of(String)} refuses a lone surrogate. {@link #name} and
 * {@link #path} convert without loss through {@link Path#toUri()} and {@link Path#of(URI)},
 * whose {@code file:} URIs carry every byte of the name percent-encoded (public API, no
 * reflection into {@code sun.nio.fs}). The detour costs a {@code stat} and is taken only for
 * names the plain conversion would change, so ASCII and valid UTF-8 names (under a UTF-8
 * platform encoding) go the usual way.
 */
public final class RawNames {
  private static final char ESCAPE_FIRST = '\uDC80';
  private static final char ESCAPE_LAST = '\uDCFF';
  private static final boolean UTF8_PLATFORM = isUtf8(System.getProperty("sun.jnu.encoding"));
  private static final Path SLASH = Path.of("/");

  private RawNames() {}

  /** The name {@code bytes} spell: UTF-8, with each byte outside valid UTF-8 escaped. */
  public static String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** {@link #decode} of {@code length} bytes from {@code offset}. */
  public static String decode(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    try {
      return decoder.decode(in).toString(); // the usual case: all valid
    } catch (CharacterCodingException e) {
      in = ByteBuffer.wrap(bytes, offset, length);
    }
    CharBuffer out = CharBuffer.allocate(length);
    decoder.reset();
    while (true) {
      var result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        decoder.flush(out);
        break;
      }
      // malformed (or unmappable) input: each of its bytes stands as itself, escaped
      for (int i = 0; i < result.length(); i++) {
        int b = in.get() & 0xff;
        out.put(b < 0x80 ? (char) b : (char) (0xDC00 + b));
      }
    }
    return out.flip().toString();
  }

  /** The bytes of a name held as {@link #decode} makes it. */
  public static byte[] encode(String name) {
    if (!hasEscapes(name)) {
      return name.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 8);
    int start = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isEscapeAt(name, i)) {
        out.writeBytes(name.substring(start, i).getBytes(StandardCharsets.UTF_8));
        out.write(0x80 | (c - ESCAPE_FIRST));
        start = i + 1;
      }
    }
    out.writeBytes(name.substring(start).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Whether {@code name} holds an escaped byte, so that its bytes are not UTF-8. */
  public static boolean hasEscapes(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (isEscapeAt(name, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEscapeAt(String name, int i) {
    char c = name.charAt(i);
    // a low surrogate after a high one is half of a real character, not an escape
    return c >= ESCAPE_FIRST && c <= ESCAPE_LAST
        && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)));
  }

  /** {@code path} as a String, byte for byte ({@link #decode}d). */
  public static String name(Path path) {
    String plain = path.toString();
    return isExact(plain) ? plain : decode(bytes(path));
  }

  /**
   * Whether {@code path.toString()} holds the path's bytes exactly (in the platform encoding),
   * so that it can stand for the path where only a String can, such as a program's argument.
   */
  public static boolean isExact(Path path) {
    return isExact(path.toString());
  }

  private static boolean isExact(String plain) {
    // the platform decodes what it cannot to U+FFFD (the name may hold one itself: then
    // this only costs the detour)
    return isAscii(plain) || UTF8_PLATFORM && plain.indexOf('\uFFFD') < 0;
  }

  /** The bytes of {@code path} as the kernel sees them. */
  public static byte[] bytes(Path path) {
    if (path.toString().isEmpty()) {
      return new byte[0];
    }
    boolean relative = !path.isAbsolute();
    // toUri() percent-encodes the path's own bytes (a relative path is made absolute from the
    // working directory, so it is put below "/" instead, whatever that names)
    String raw = (relative ? SLASH.resolve(path) : path).toUri().getRawPath();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = relative ? 1 : 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    byte[] bytes = out.toByteArray();
    int length = bytes.length;
    if (length > 1 && bytes[length - 1] == '/') {
      length--; // toUri() marks a directory with a trailing slash
    }
    return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
  }

  /**
   * The Path {@code name} names (as {@code Path.of} would: a leading slash makes it absolute,
   * repeated and trailing slashes are dropped), with its exact bytes.
   */
  public static Path path(String name) {
    if (isAscii(name) || UTF8_PLATFORM && !hasEscapes(name)) {
      return Path.of(name);
    }
    // every byte percent-encoded but the separators, which are collapsed as Path.of does
    StringBuilder uri = new StringBuilder("file:///");
    boolean slash = true;
    for (byte b : encode(name)) {
      if (b == '/') {
        slash = true;
        continue;
      }
      if (slash && uri.length() > "file:///".length()) {
        uri.append('/');
      }
      slash = false;
      uri.append('%').append(Character.forDigit((b >> 4) & 0xf, 16))
          .append(Character.forDigit(b & 0xf, 16));
    }
    Path absolute;
    try {
      absolute = Path.of(new URI(uri.toString()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new java.nio.file.InvalidPathException(name, e.getMessage());
    }
    return name.startsWith("/") ? absolute : SLASH.relativize(absolute);
  }

  /** {@code dir} resolved against the relative {@code name}, exactly ({@link #path}). */
  public static Path resolve(Path dir, String name) {
    return name.isEmpty() ? dir : dir.resolve(path(name));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUtf8(String charset) {
    try {
      return charset != null && Charset.forName(charset).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
