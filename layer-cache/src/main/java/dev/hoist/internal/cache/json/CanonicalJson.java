package dev.hoist.internal.cache.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.ImageManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The module's one JSON mapper, and canonical JSON. {@link #write} produces the same bytes for
 * equal values: UTF-8, no insignificant whitespace, no trailing newline, and the keys of every
 * object sorted by Unicode code point (the order of their UTF-8 bytes, as Go sorts map keys) —
 * known fields, unknown fields and maps such as {@code Labels} alike. {@link #read} is lenient
 * about unknown fields (the model keeps them) but strict about JSON: malformed input, duplicate
 * keys, trailing content and invalid values are an {@link IllegalArgumentException} naming what
 * was being read. Canonical output is not the upstream bytes of a pulled blob (Go escapes
 * {@code <>&}, Jackson does not): keep pulled blobs' own bytes, and use this for what hoist
 * writes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // unknown 1.50 stays 1.50
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // emoji as 4 UTF-8 bytes, not escaped surrogates
      .build();

  private static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

  /**
   * The configured mapper, for callers that need Jackson directly (e.g. to read a tree). Do not
   * reconfigure it, and write through {@link #write} when the bytes matter.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The canonical JSON of a value (a model object, a map, a {@link JsonNode}…). */
  public static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      writeSorted(MAPPER.valueToTree(value), gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The sha256 digest of a value's canonical JSON. */
  public static Digest digestOf(Object value) {
    return Digest.sha256(write(value));
  }

  /** Any JSON document re-encoded canonically; malformed JSON is an IllegalArgumentException. */
  public static byte[] canonicalize(byte[] json) {
    return write(read(json, JsonNode.class, "JSON document"));
  }

  /**
   * Indented JSON for people ({@code hoist inspect}): sorted keys, 4-space indent, one array
   * element per line, {@code "key": value}, no trailing newline.
   */
  public static String pretty(Object value) {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      gen.setPrettyPrinter(printer);
      writeSorted(MAPPER.valueToTree(value), gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Reads JSON into a model type; malformed or invalid input is an IllegalArgumentException. */
  public static <T> T read(byte[] json, Class<T> type) {
    return read(json, type, describe(type));
  }

  /**
   * As {@link #read(byte[], Class)}, with {@code what} naming the document in error messages
   * (e.g. {@code "manifest of docker.io/library/busybox:latest"}).
   */
  public static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      return nonNull(MAPPER.readValue(json, type), what);
    } catch (IOException e) {
      throw invalid(what, e);
    }
  }

  /** Reads JSON from a stream (not closed); an I/O failure is an {@link UncheckedIOException}. */
  public static <T> T read(InputStream in, Class<T> type) {
    return read(in, type, describe(type));
  }

  /** As {@link #read(InputStream, Class)}, with {@code what} naming the document in errors. */
  public static <T> T read(InputStream in, Class<T> type, String what) {
    try {
      return nonNull(MAPPER.readValue(in, type), what);
    } catch (JsonProcessingException e) {
      throw invalid(what, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
  }

  private static <T> T nonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("invalid " + what + ": the JSON is null");
    }
    return value;
  }

  private static IllegalArgumentException invalid(String what, IOException e) {
    String where = e instanceof JsonMappingException m ? path(m.getPath()) : "";
    where = where.isEmpty() ? "" : " at " + where;
    IllegalArgumentException model = cause(e, IllegalArgumentException.class);
    StreamReadException syntax = cause(e, StreamReadException.class);
    String reason;
    if (model != null) { // a model constructor's own message, e.g. an invalid digest
      reason = model.getMessage();
    } else if (syntax != null) {
      reason = "malformed JSON: " + withoutSource(syntax.getOriginalMessage());
      if (syntax.getLocation() != null) {
        where += (where.isEmpty() ? " at " : ", ") + "line " + syntax.getLocation().getLineNr()
            + ", column " + syntax.getLocation().getColumnNr();
      }
    } else {
      reason = withoutSource(
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    }
    return new IllegalArgumentException("invalid " + what + where + ": " + reason, e);
  }

  private static <X extends Throwable> X cause(Throwable t, Class<X> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** Jackson's message without its noise ("[Source: REDACTED …; ", "(token …)", "(index 2)"). */
  private static String withoutSource(String message) {
    if (message == null) {
      return "";
    }
    if (message.startsWith("No content to map due to end-of-input")) {
      return "the document is empty";
    }
    return message.replaceAll("\\[Source: [^;]*; ", "[")
        .replaceAll(" \\((token `[^`]*`|index \\d+)\\)", "")
        .replace("Missing required creator property", "missing required field");
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** "ImageManifest" → "image manifest". */
  private static String describe(Class<?> type) {
    String words = type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2");
    return words.toLowerCase(Locale.ROOT);
  }

  private static void writeSorted(JsonNode node, JsonGenerator gen) throws IOException {
    if (node == null) {
      gen.writeNull();
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(CODE_POINT_ORDER);
      gen.writeStartObject();
      for (String name : names) {
        gen.writeFieldName(name);
        writeSorted(node.get(name), gen);
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray();
      for (JsonNode element : node) {
        writeSorted(element, gen);
      }
      gen.writeEndArray();
    } else {
      gen.writeTree(node);
    }
  }

  /** Compares by Unicode code point, which is the order of the strings' UTF-8 bytes. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

}
