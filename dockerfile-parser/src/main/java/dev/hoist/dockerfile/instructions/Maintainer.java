package dev.hoist.dockerfile.instructions;

/** {@code MAINTAINER name} (deprecated in favour of a label, still accepted). */
public record Maintainer(String name, SourceLocation location) implements Instruction {}
