package dev.hoist.internal.cache.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Digest;
import java.time.Instant;

/**
 * How to make a layer blob again from its snapshot ({@code snapshots/<diffId hex>}): the
 * snapshot's entries written by a {@link LayerWriter} with these settings give the blob's bytes,
 * {@code digest} and {@code size}, whose tar is {@code diffId} and {@code tarSize}.
 * {@code writer} names what wrote it (for the message when the bytes no longer come out the
 * same). Stored as canonical JSON.
 */
@JsonInclude(Include.NON_NULL)
public record LayerRecipe(
    @JsonProperty(required = true) int version,
    @JsonProperty(required = true) Digest digest,
    @JsonProperty(required = true) long size,
    @JsonProperty(required = true) String mediaType,
    @JsonProperty(required = true) Digest diffId,
    @JsonProperty(required = true) long tarSize,
    @JsonProperty(required = true) Compression compression,
    int level,
    boolean parallel,
    int blockSize,
    long parallelThreshold,
    Long clampEpochSecond,
    String writer) {
  /** The recipe format this hoist writes and reads. */
  public static final int VERSION = 1;

  /** The recipe of a layer a {@link LayerWriter} made from entries. */
  static LayerRecipe of(LayerResult layer) {
    LayerWriter.Settings s = layer.settings();
    return new LayerRecipe(VERSION, layer.digest(), layer.size(), layer.mediaType(),
        layer.diffId(), layer.uncompressedSize(), s.compression(), s.level(), s.parallel(),
        s.blockSize(), s.parallelThreshold(),
        s.clamp() == null ? null : s.clamp().getEpochSecond(),
        "hoist layer writer on Java " + System.getProperty("java.version"));
  }

  /** The settings of the writer that makes the blob again. */
  LayerWriter.Settings settings() {
    return new LayerWriter.Settings(compression, level, parallel, blockSize, parallelThreshold,
        clampEpochSecond == null ? null : Instant.ofEpochSecond(clampEpochSecond));
  }
}
