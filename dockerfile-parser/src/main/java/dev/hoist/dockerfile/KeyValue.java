package dev.hoist.dockerfile;

/**
 * One pair of an ENV or LABEL instruction as written: the value still quoted, and whether
 * the pair was written {@code key=value} (rather than the legacy {@code KEY key value}).
 */
public record KeyValue(String key, String value, boolean equals) {}
