package dev.hoist.dockerfile.instructions;

/** {@code ENTRYPOINT}: the command the image always runs. */
public record Entrypoint(CommandLine command, SourceLocation location) implements Instruction {}
