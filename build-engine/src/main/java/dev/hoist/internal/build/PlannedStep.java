package dev.hoist.internal.build;

import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.Workdir;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.internal.runtime.NetworkMode;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link StagePlan}: an instruction of the stage, checked and typed, with the
 * build args it depends on ({@code keyArgs}, part of its cache key). What a step reads from the
 * image below it and from the context is found when it executes ({@link StageExecutor}).
 */
sealed interface PlannedStep {
  /** The step's position in its stage (FROM is 1). */
  int number();

  /** The instruction, expanded. */
  Instruction instruction();

  /** The build args the step's result depends on, by name. */
  Map<String, String> keyArgs();

  /**
   * {@code RUN}: a command in a container on the image so far.
   *
   * @param args the stage's build args at this step (its environment and history prefix)
   * @param network the network it runs on ({@code RUN --network=}, else the build's)
   */
  record RunCommand(int number, Run instruction, Map<String, String> keyArgs, StageArgs args,
      NetworkMode network) implements PlannedStep {}

  /**
   * {@code COPY} or {@code ADD}: files from the context, another stage or image, URLs or git
   * repositories, in a new layer.
   *
   * @param from the stage or image of {@code COPY --from}, or null (the context)
   * @param sources every source as written, in order
   * @param local the sources that are paths (in the context or {@code from})
   * @param urls the http(s) URLs among the sources (ADD)
   * @param gits the git repositories among the sources (ADD)
   * @param mode {@code --chmod} as a number, or null
   * @param unpack whether local archives are extracted (ADD)
   * @param checksum {@code ADD --checksum}, checked, or null
   */
  record CopyFiles(int number, Instruction instruction, Map<String, String> keyArgs,
      String from, List<String> sources, List<String> local, List<String> urls,
      List<String> gits, List<Heredoc> heredocs, String destination, String chown,
      Integer mode, boolean parents, List<String> excludes, boolean link, boolean unpack,
      String checksum, boolean keepGitDir) implements PlannedStep {

    public CopyFiles {
      sources = List.copyOf(sources);
      local = List.copyOf(local);
      urls = List.copyOf(urls);
      gits = List.copyOf(gits);
      heredocs = List.copyOf(heredocs);
      excludes = List.copyOf(excludes);
    }

    boolean fetches() {
      return !urls.isEmpty() || !gits.isEmpty();
    }
  }

  /** {@code WORKDIR}: the working directory set, and created (a layer) when missing. */
  record MakeWorkdir(int number, Workdir instruction, Map<String, String> keyArgs)
      implements PlannedStep {}

  /**
   * Any other instruction: a change to the image config only.
   *
   * @param cmdSetBefore whether a CMD was set earlier in the stage (an ENTRYPOINT then keeps it)
   * @param keyed what the step is keyed on instead of its history text, or null (ARG: its
   *     declaration as written)
   */
  record ChangeConfig(int number, Instruction instruction, Map<String, String> keyArgs,
      boolean cmdSetBefore, String keyed) implements PlannedStep {}
}
