package dev.hoist.dockerfile;

import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.InstructionFactory;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.stages.StageResolver;
import dev.hoist.dockerfile.syntax.DockerfileSyntax;
import dev.hoist.dockerfile.syntax.SyntaxTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed Dockerfile: its syntax tree (what was written) and typed instructions (what it
 * means, before expansion). {@link #stages} resolves it for one build.
 */
public final class Dockerfile {
  private final SyntaxTree syntax;
  private final List<Instruction> instructions;

  private Dockerfile(SyntaxTree syntax, List<Instruction> instructions) {
    this.syntax = syntax;
    this.instructions = instructions;
  }

  /** Parses a Dockerfile's text; {@code fileName} is used in error messages only. */
  public static Dockerfile parse(String text, String fileName) {
    SyntaxTree syntax = DockerfileSyntax.parse(text, fileName);
    return new Dockerfile(syntax, InstructionFactory.createAll(syntax));
  }

  /** Reads and parses a Dockerfile (UTF-8). */
  public static Dockerfile read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public SyntaxTree syntax() {
    return syntax;
  }

  /** The typed instructions in order, as written (not yet expanded). */
  public List<Instruction> instructions() {
    return instructions;
  }

  /** The stages for one build: expanded with its build args and platform, linked, checked. */
  public StageGraph stages(ResolveOptions options) {
    return new StageResolver(syntax.escape(), options).resolve(instructions);
  }
}
