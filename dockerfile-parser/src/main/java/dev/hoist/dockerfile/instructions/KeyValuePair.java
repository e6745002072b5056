package dev.hoist.dockerfile.instructions;

/** An ENV variable or a LABEL, quotes removed (and expanded once the stage is resolved). */
public record KeyValuePair(String key, String value) {}
