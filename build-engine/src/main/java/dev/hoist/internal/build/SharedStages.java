package dev.hoist.internal.build;

import dev.hoist.cache.model.Platform;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.stages.StageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stages of a multi-platform build that every platform shares: the named stages the target
 * needs that name their own platform ({@code FROM --platform=$BUILDPLATFORM}, or a fixed one),
 * resolve the same for every target platform (no {@code TARGET*} argument declared in them or
 * used in their FROM), and use no other stage that is not shared nor any image by {@code COPY
 * --from} or {@code RUN --mount=from} (those images are taken for the target platform). Built
 * once (for the first platform, as {@code --target NAME}) before the platforms build in
 * parallel, they are cache hits for all of them. A cross-compile's builder that reads
 * {@code $TARGETARCH} is per platform: it is not among them, and the platforms then build in
 * parallel from the start.
 *
 * <p>Found in the parsed Dockerfile resolved once per target platform (the build args of the
 * request, this machine as the build platform), so a FROM split over lines, a {@code
 * --mount=from=} and a word that merely contains "TARGET" are read as the builds read them.
 */
final class SharedStages {
  private SharedStages() {}

  /**
   * The shared stages' names for {@code request}, in the Dockerfile's order; none when its
   * Dockerfile cannot be read or parsed (each platform's build then says why).
   */
  static List<String> of(BuildRequest request, ParsedDockerfiles parsed) throws IOException {
    if (!Files.isRegularFile(request.dockerfile())) {
      return List.of();
    }
    String text = Dockerfile.readText(request.dockerfile());
    try {
      return of(parsed.parse(text, request.dockerfile().getFileName().toString()),
          ResolveOptions.defaults().withBuildArgs(request.buildArgs())
              .withTarget(request.target()),
          request.platforms());
    } catch (DockerfileException e) {
      return List.of();
    }
  }

  /** The shared stages' names of {@code dockerfile} built with {@code options} for each of {@code platforms}. */
  static List<String> of(Dockerfile dockerfile, ResolveOptions options,
      List<Platform> platforms) {
    String build = Platform.host().formatted();
    List<StageGraph> graphs = new ArrayList<>();
    for (Platform p : platforms) {
      graphs.add(dockerfile.stages(options.withTargetPlatform(p.formatted())
          .withBuildPlatform(build)));
    }
    StageGraph first = graphs.get(0);
    Set<Integer> shared = new TreeSet<>();
    // wave by wave: the stages a stage uses are decided before it
    for (List<Stage> wave : first.buildOrder(options.target())) {
      for (Stage stage : wave) {
        if (stage.from().platform() != null && !stage.from().platform().isBlank()
            && sameForEvery(stage, graphs) && usesOnlyShared(stage, shared)) {
          shared.add(stage.index());
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int index : shared) {
      String name = first.stages().get(index).name();
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  /** Whether {@code stage} resolves the same for every platform's graph. */
  private static boolean sameForEvery(Stage stage, List<StageGraph> graphs) {
    for (StageGraph g : graphs.subList(1, graphs.size())) {
      Stage other = g.stages().get(stage.index());
      if (!Objects.equals(stage.from(), other.from())
          || !stage.instructions().equals(other.instructions())
          || !Objects.equals(stage.args(), other.args())) {
        return false;
      }
    }
    return true;
  }

  private static boolean usesOnlyShared(Stage stage, Set<Integer> shared) {
    for (StageReference r : stage.references()) {
      if (r.kind() == StageReference.Kind.BASE && !r.isStage()) {
        continue; // its image, taken for the stage's own platform
      }
      if (!r.isStage() || !shared.contains(r.stage())) {
        return false;
      }
    }
    return true;
  }
}
