package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A function a template can call: its parameters' types (Go's, for the "wrong type" errors),
 * whether the last one repeats, and its body over the converted arguments.
 */
record GoFunction(List<Type> parameters, boolean variadic, Body body) {
  /** The Go parameter types hoist's functions use. */
  enum Type {
    ANY("interface {}"), STRING("string"), INT("int"), STRINGS("[]string");

    final String goName;

    Type(String goName) {
      this.goName = goName;
    }
  }

  /** The function's body; throws {@link Failure} for Go's "error calling NAME: …". */
  @FunctionalInterface
  interface Body {
    JsonNode apply(List<JsonNode> args);
  }

  /** An error the function returns, as Go's second result. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  static GoFunction of(Body body, Type... parameters) {
    return new GoFunction(List.of(parameters), false, body);
  }

  static GoFunction variadic(Body body, Type... parameters) {
    return new GoFunction(List.of(parameters), true, body);
  }

  /** The parameter type of argument {@code i}. */
  Type parameter(int i) {
    return i < parameters.size() ? parameters.get(i) : parameters.get(parameters.size() - 1);
  }
}
