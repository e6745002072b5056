package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A content digest {@code algorithm:hex} as the OCI image spec defines it. Only sha256 (64 hex
 * digits) and sha512 (128) are accepted; the hex must be lower case.
 */
public final class Digest implements Comparable<Digest> {
  private final String algorithm;
  private final String hex;

  private Digest(String algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code sha256:…} or {@code sha512:…}; anything else is an IllegalArgumentException.
   *
   * @param text the digest as written
   * @return the digest
   */
  @JsonCreator
  public static Digest parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid digest \"" + text
          + "\": expected algorithm:hex, such as sha256:<64 hex digits>");
    }
    return of(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * A digest from its parts, validated.
   *
   * @param algorithm the algorithm, such as {@code sha256}
   * @param hex the lower-case hex encoding
   * @return the digest
   */
  public static Digest of(String algorithm, String hex) {
    int length = switch (algorithm) {
      case "sha256" -> 64;
      case "sha512" -> 128;
      default -> throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm
          + "\" (expected sha256 or sha512)");
    };
    if (hex.length() != length) {
      throw new IllegalArgumentException("invalid " + algorithm + " digest: expected " + length
          + " hex digits, got " + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException("invalid " + algorithm
            + " digest: '" + c + "' is not a lower-case hex digit");
      }
    }
    return new Digest(algorithm, hex);
  }

  /**
   * The digest of a finished {@link MessageDigest} computed with this algorithm name.
   *
   * @param algorithm the algorithm, such as {@code sha256}
   * @param sum the digest's bytes
   * @return the digest
   */
  public static Digest of(String algorithm, byte[] sum) {
    return new Digest(algorithm, HexFormat.of().formatHex(sum));
  }

  /**
   * The sha256 digest of some bytes.
   *
   * @param content the bytes
   * @return their digest
   */
  public static Digest sha256(byte[] content) {
    return of("sha256", newMessageDigest("sha256").digest(content));
  }

  /**
   * A fresh MessageDigest for {@code sha256} or {@code sha512}.
   *
   * @param algorithm the algorithm, such as {@code sha256}
   * @return a new message digest
   */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }

  /**
   * A fresh MessageDigest for this digest's algorithm.
   *
   * @return a new message digest
   */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  /**
   * The algorithm, such as {@code sha256}.
   *
   * @return the algorithm
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The encoded digest: lower-case hex for sha256 and sha512.
   *
   * @return the encoded digest
   */
  public String hex() {
    return hex;
  }

  /**
   * The first 12 hex digits, as {@code docker images} shows IDs.
   *
   * @return the first twelve characters of the hex encoding
   */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + hex.hashCode();
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }
}
