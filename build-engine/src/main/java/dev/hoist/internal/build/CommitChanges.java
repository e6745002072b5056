package dev.hoist.internal.build;

import dev.hoist.cache.model.ImageConfig;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.instructions.Cmd;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to the committed image's
 * config, as a build applies them (the same parser, expansion and {@link ConfigSteps}). Docker
 * takes {@code CMD}, {@code ENTRYPOINT}, {@code ENV}, {@code EXPOSE}, {@code LABEL},
 * {@code ONBUILD}, {@code USER}, {@code VOLUME} and {@code WORKDIR}; any other instruction is
 * refused ({@code X is not a valid change command}, Docker's words). Variables expand with the
 * config's environment and the ENV changes before them.
 */
public final class CommitChanges {
  /** The instructions {@code --change} takes, as Docker's {@code validCommitCommands}. */
  public static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL",
      "ONBUILD", "USER", "VOLUME", "WORKDIR");

  private CommitChanges() {}

  /**
   * {@code config} with {@code changes} applied in order.
   *
   * @throws IllegalArgumentException when a change does not parse or is not allowed
   */
  public static ImageConfig apply(ImageConfig config, List<String> changes) {
    if (changes.isEmpty()) {
      return config;
    }
    String text = String.join("\n", changes);
    List<Instruction> written;
    try {
      written = Dockerfile.parse(text, "--change").instructions();
    } catch (DockerfileException e) {
      throw new IllegalArgumentException("invalid --change: " + e.getMessage());
    }
    for (Instruction i : written) {
      String keyword = i.keyword().toUpperCase(Locale.ROOT);
      if (!ALLOWED.contains(keyword)) {
        throw new IllegalArgumentException(keyword.toLowerCase(Locale.ROOT)
            + " is not a valid change command");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    List<String> configEnv = config.config().env();
    if (configEnv != null) {
      for (String e : configEnv) {
        int eq = e.indexOf('=');
        env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
      }
    }
    Stage stage;
    try {
      stage = Dockerfile.parse("FROM committed\n" + text, "--change")
          .stages(ResolveOptions.defaults().withBaseImageEnv(name -> env)).stages().get(0);
    } catch (DockerfileException e) {
      throw new IllegalArgumentException("invalid --change: " + e.getMessage());
    }
    ImageConfig changed = config;
    boolean cmdSet = false;
    for (Instruction i : stage.instructions()) {
      changed = ConfigSteps.apply(changed, i, cmdSet);
      cmdSet |= i instanceof Cmd;
    }
    return changed;
  }
}
