package dev.hoist.internal.compose;

import java.util.Map;

/**
 * A service's {@code build} section (the string form is its context). Read and shown by
 * {@code config}; {@code up} refuses it for now (docs/compose.md).
 */
public record BuildConfig(String context, String dockerfile, Map<String, String> args,
    String target) {
  public BuildConfig {
    args = Values.frozen(args);
  }
}
