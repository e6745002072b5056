package dev.hoist.dockerfile.instructions;

/**
 * A typed Dockerfile instruction: one record per kind. Records hold what was written (after
 * flag and arity checks); {@link #expand} gives the same instruction with variables replaced
 * in exactly the fields Docker expands, which is a no-op for the kinds Docker leaves to the
 * shell (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK) or to a later build (ONBUILD).
 */
public sealed interface Instruction
    permits From, Run, Cmd, Entrypoint, Shell, Env, Label, Maintainer, Expose, Add, Copy,
        Volume, User, Workdir, Arg, Onbuild, StopSignal, Healthcheck {

  /**
   * Where the instruction is written.
   *
   * @return the location
   */
  SourceLocation location();

  /**
   * The instruction's name in upper case.
   *
   * @return the keyword, such as {@code RUN}
   */
  default String keyword() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * This instruction with variables expanded where Docker expands them.
   *
   * @param expander expands words with the stage's ARG and ENV
   * @return the expanded instruction
   */
  default Instruction expand(Expander expander) {
    return this;
  }
}
