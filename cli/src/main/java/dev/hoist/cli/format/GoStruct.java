package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A row of a listing as docker/cli's formatter contexts present it to a template: a Go struct
 * (pointer) whose methods without arguments are its fields ({@code .ID}), and whose methods
 * with one string argument are called with it ({@code .Label "com.example"}). A template asking
 * for anything else fails as Go's does ({@code can't evaluate field X in type T}).
 * {@code {{json .}}} writes the fields alone, keys sorted, as docker's {@code MarshalJSON}.
 */
public final class GoStruct extends ObjectNode {
  private static final long serialVersionUID = 1L;

  private final String typeName;
  private final transient Map<String, UnaryOperator<String>> methods;

  private GoStruct(String typeName, Map<String, JsonNode> fields,
      Map<String, UnaryOperator<String>> methods) {
    super(JsonNodeFactory.instance, new LinkedHashMap<>(new TreeMap<>(fields)));
    this.typeName = typeName;
    this.methods = Map.copyOf(methods);
  }

  /** A struct of Go type {@code typeName} (as Go's errors name it, e.g. {@code *formatter.ContainerContext}). */
  public static Builder of(String typeName) {
    return new Builder(typeName);
  }

  /** Go's name of this struct's type. */
  String typeName() {
    return typeName;
  }

  /** The method taking one string named {@code name}, or null. */
  UnaryOperator<String> method(String name) {
    return methods.get(name);
  }

  /** Builds a {@link GoStruct}. */
  public static final class Builder {
    private final String typeName;
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();
    private final Map<String, UnaryOperator<String>> methods = new LinkedHashMap<>();

    private Builder(String typeName) {
      this.typeName = typeName;
    }

    public Builder field(String name, String value) {
      return field(name, TextNode.valueOf(value));
    }

    public Builder field(String name, JsonNode value) {
      fields.put(name, value);
      return this;
    }

    /** A method with one string parameter, as the contexts' {@code Label(name string)}. */
    public Builder method(String name, UnaryOperator<String> body) {
      methods.put(name, body);
      return this;
    }

    public GoStruct build() {
      return new GoStruct(typeName, fields, methods);
    }
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
