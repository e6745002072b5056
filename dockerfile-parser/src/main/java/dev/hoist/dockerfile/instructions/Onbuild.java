package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.RawInstruction;

/**
 * {@code ONBUILD INSTRUCTION}: a trigger stored in the image and run, unexpanded until then,
 * when a later build uses the image as its base.
 */
public record Onbuild(String expression, RawInstruction trigger, SourceLocation location)
    implements Instruction {}
