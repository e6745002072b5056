/**
 * A Dockerfile's instructions, typed: one record per instruction ({@link
 * dev.hoist.dockerfile.instructions.From}, {@link dev.hoist.dockerfile.instructions.Run}, {@link
 * dev.hoist.dockerfile.instructions.Copy}, …), all of the sealed {@link
 * dev.hoist.dockerfile.instructions.Instruction}, with their flags checked as BuildKit checks
 * them and each one's {@link dev.hoist.dockerfile.instructions.SourceLocation}. Values are as
 * written until a stage expands them ({@link dev.hoist.dockerfile.instructions.Instruction#expand}).
 * Part of hoist's Java API.
 *
 * <p>Entry points: {@code Dockerfile.instructions()} for a whole file, {@link
 * dev.hoist.dockerfile.instructions.InstructionFactory} for single raw instructions.
 *
 * <pre>{@code
 * for (Instruction instruction : Dockerfile.read(file).instructions()) {
 *   if (instruction instanceof Run run && !run.command().prependShell()) {
 *     System.out.println("exec form at line " + run.location().line() + ": " + run.command().args());
 *   }
 * }
 * }</pre>
 *
 * <p>See {@code docs/java-api.md}; packages under {@code dev.hoist.internal} are not API.
 */
package dev.hoist.dockerfile.instructions;
