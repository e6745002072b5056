package dev.hoist.cache.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A content descriptor: what a manifest or index says about a blob it points to. {@code digest}
 * and {@code size} are required; {@code data} holds the blob itself, base64-encoded, when it is
 * embedded (see {@link #decodedData()}).
 *
 * @param mediaType the blob's media type
 * @param digest the blob's digest (required)
 * @param size the blob's size in bytes (required)
 * @param urls where else the blob can be fetched from
 * @param annotations the descriptor's annotations
 * @param platform the platform of the image an index entry points to, or null
 * @param artifactType the artifact type of an artifact manifest, or null
 * @param data the blob itself, base64-encoded, or null
 * @param unknownFields members this model does not know, kept and written back (null: none)
 */
@JsonInclude(Include.NON_NULL)
public record Descriptor(
    String mediaType,
    @JsonProperty(required = true) Digest digest,
    @JsonProperty(required = true) long size,
    @JsonInclude(Include.NON_EMPTY) List<String> urls,
    @JsonInclude(Include.NON_EMPTY) Map<String, String> annotations,
    Platform platform,
    String artifactType,
    String data,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> unknownFields) {

  /**
   * Validates digest, size and data and copies the collections.
   *
   * @param mediaType the blob's media type
   * @param digest the blob's digest (required)
   * @param size the blob's size in bytes (required)
   * @param urls where else the blob can be fetched from
   * @param annotations the descriptor's annotations
   * @param platform the platform of the image an index entry points to, or null
   * @param artifactType the artifact type of an artifact manifest, or null
   * @param data the blob itself, base64-encoded, or null
   * @param unknownFields members this model does not know, kept and written back (null: none)
   */
  public Descriptor {
    if (digest == null) {
      throw new IllegalArgumentException("descriptor without digest");
    }
    if (size < 0) {
      throw new IllegalArgumentException("descriptor " + digest + " has negative size " + size);
    }
    if (data != null) {
      try {
        Base64.getDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("descriptor " + digest + ": data is not base64", e);
      }
    }
    urls = Copies.listOrEmpty(urls);
    annotations = Copies.mapOrEmpty(annotations);
    unknownFields = Copies.unknown(unknownFields);
  }

  /**
   * A descriptor with just media type, digest and size.
   *
   * @param mediaType the media type
   * @param digest the digest
   * @param size the size in bytes
   * @return the descriptor
   */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, null, null, null);
  }

  /**
   * The descriptor of some content: its sha256 digest and length.
   *
   * @param mediaType the media type
   * @param content the blob's bytes
   * @return the descriptor
   */
  public static Descriptor ofContent(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256(content), content.length);
  }

  /**
   * This descriptor with a platform (as an index entry carries one).
   *
   * @param platform the platform, or null
   * @return the changed copy
   */
  public Descriptor withPlatform(Platform platform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data,
        unknownFields);
  }

  /**
   * This descriptor with other annotations.
   *
   * @param annotations the annotations, or null
   * @return the changed copy
   */
  public Descriptor withAnnotations(Map<String, String> annotations) {
    return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data,
        unknownFields);
  }

  /**
   * The embedded content, decoded, or null when there is none.
   *
   * @return the bytes, or null when no data is embedded
   */
  public byte[] decodedData() {
    return data == null ? null : Base64.getDecoder().decode(data);
  }
}
