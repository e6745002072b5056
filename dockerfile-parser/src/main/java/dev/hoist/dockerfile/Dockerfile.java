package dev.hoist.dockerfile;

import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.InstructionFactory;
import dev.hoist.dockerfile.instructions.OnbuildTriggers;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.stages.StageResolver;
import dev.hoist.internal.dockerfile.syntax.DockerfileSyntax;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed Dockerfile: its syntax tree (what was written) and typed instructions (what it
 * means, before expansion). {@link #stages} resolves it for one build.
 */
public final class Dockerfile {
  /** The largest Dockerfile read: 2 MiB, as buildx allows for a Dockerfile it fetches. */
  public static final int MAX_SIZE = 2 << 20;

  private final SyntaxTree syntax;
  private final List<Instruction> instructions;

  private Dockerfile(SyntaxTree syntax, List<Instruction> instructions) {
    this.syntax = syntax;
    this.instructions = instructions;
  }

  /**
   * Parses a Dockerfile's text; {@code fileName} is used in error messages only.
   *
   * @param text the Dockerfile
   * @param fileName its name
   * @return the parsed Dockerfile
   */
  public static Dockerfile parse(String text, String fileName) {
    if (text.length() > MAX_SIZE) {
      throw new DockerfileException(fileName + " is larger than " + (MAX_SIZE >> 20)
          + " MiB, the largest Dockerfile hoist reads");
    }
    SyntaxTree syntax = DockerfileSyntax.parse(text, fileName);
    return new Dockerfile(syntax, InstructionFactory.createAll(syntax));
  }

  /**
   * Reads and parses a Dockerfile (UTF-8).
   *
   * @param file the file
   * @return the parsed Dockerfile
   * @throws IOException when the file cannot be read
   */
  public static Dockerfile read(Path file) throws IOException {
    return parse(readText(file), file.toString());
  }

  /**
   * A Dockerfile's text (UTF-8), refused before it is read when it is over {@link #MAX_SIZE}.
   *
   * @param file the file
   * @return the text
   * @throws IOException when the file cannot be read
   */
  public static String readText(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SIZE) {
      throw new DockerfileException(file + " is " + size + " bytes, larger than "
          + (MAX_SIZE >> 20) + " MiB, the largest Dockerfile hoist reads");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /**
   * This Dockerfile with ONBUILD triggers run by its stages: after the FROM on each line that is
   * a key, that list's triggers (see {@link OnbuildTriggers}). The syntax tree stays as written.
   *
   * @param triggers the ONBUILD triggers of base images, by the line of the FROM that uses each base
   * @return the Dockerfile with the triggers in place
   */
  public Dockerfile withTriggers(Map<Integer, List<String>> triggers) {
    return new Dockerfile(syntax, OnbuildTriggers.insert(instructions, triggers));
  }

  /**
   * The Dockerfile as written: directives and raw instructions.
   *
   * @return the syntax tree
   */
  public SyntaxTree syntax() {
    return syntax;
  }

  /**
   * The typed instructions in order, as written (not yet expanded).
   *
   * @return the instructions
   */
  public List<Instruction> instructions() {
    return instructions;
  }

  /**
   * The stages for one build: expanded with its build args and platform, linked, checked.
   *
   * @param options what the build adds: build args, platforms, target, base images' environment
   * @return the resolved stages
   */
  public StageGraph stages(ResolveOptions options) {
    return new StageResolver(syntax.escape(), options).resolve(instructions);
  }
}
