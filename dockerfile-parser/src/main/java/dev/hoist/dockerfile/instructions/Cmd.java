package dev.hoist.dockerfile.instructions;

/** {@code CMD}: the image's default command (or default arguments to its ENTRYPOINT). */
public record Cmd(CommandLine command, SourceLocation location) implements Instruction {}
