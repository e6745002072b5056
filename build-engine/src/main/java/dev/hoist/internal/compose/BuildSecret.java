package dev.hoist.internal.compose;

/**
 * One of a {@code build} section's {@code secrets}: the top-level secret {@code source} given
 * to the build as {@code id} (the use's {@code target}, else its source), as
 * {@code hoist build --secret id=ID,src=FILE} (a file-based secret) or {@code id=ID,env=VAR}
 * (an {@code environment:} one, read from hoist's environment when the build runs).
 */
public record BuildSecret(String source, String id, String file, String environment) {}
