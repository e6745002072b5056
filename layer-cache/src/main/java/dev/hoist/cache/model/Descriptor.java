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

  /** Validates digest, size and data and copies the collections. */
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

  /** A descriptor with just media type, digest and size. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, null, null, null);
  }

  /** The descriptor of some content: its sha256 digest and length. */
  public static Descriptor ofContent(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256(content), content.length);
  }

  /** This descriptor with a platform (as an index entry carries one). */
  public Descriptor withPlatform(Platform platform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data,
        unknownFields);
  }

  /** This descriptor with other annotations. */
  public Descriptor withAnnotations(Map<String, String> annotations) {
    return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data,
        unknownFields);
  }

  /** The embedded content, decoded, or null when there is none. */
  public byte[] decodedData() {
    return data == null ? null : Base64.getDecoder().decode(data);
  }
}
