package dev.hoist.cache.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Docker's Go-style set encoding, {@code {"80/tcp": {}, "443/tcp": {}}}, as a {@code Set<String>}
 * (used for {@code ExposedPorts} and {@code Volumes}). The values are always empty objects.
 */
final class KeySetJson {
  private KeySetJson() {}

  /** Writes a set as an object whose values are {@code {}}. */
  static final class Serializer extends StdSerializer<Set<String>> {
    @SuppressWarnings("unchecked")
    Serializer() {
      super((Class<Set<String>>) (Class<?>) Set.class);
    }

    @Override
    public void serialize(Set<String> keys, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      for (String key : keys) {
        gen.writeFieldName(key);
        gen.writeStartObject();
        gen.writeEndObject();
      }
      gen.writeEndObject();
    }
  }

  /** Reads the keys of an object, skipping whatever their values are. */
  static final class Deserializer extends StdDeserializer<Set<String>> {
    Deserializer() {
      super(Set.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) {
        return (Set<String>) ctxt.handleUnexpectedToken(Set.class, p);
      }
      Set<String> keys = new TreeSet<>();
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
      return keys;
    }
  }
}
