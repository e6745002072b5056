package dev.hoist.internal.build;

import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.stages.StageReference;
import java.io.IOException;
import java.time.Instant;

/**
 * The images a stage reads files from ({@code COPY --from}, {@code RUN --mount=from=}): an
 * earlier stage of the build, by name or index, else an image reference.
 */
final class StageImages implements RunMounts.Images {
  private final BuildSession session;
  private final Stage stage;

  StageImages(BuildSession session, Stage stage) {
    this.session = session;
    this.stage = stage;
  }

  @Override
  public ImageState apply(String from) throws IOException {
    Integer index = null;
    for (StageReference ref : stage.references()) {
      if (ref.isStage() && ref.kind() != StageReference.Kind.BASE && matches(from, ref.stage())) {
        index = ref.stage();
      }
    }
    if (index != null) {
      BuildSession.StageResult result = session.stages.get(index);
      if (result == null) {
        throw new IllegalStateException("stage " + from + " is not built yet");
      }
      return result.image();
    }
    LocalImage li = session.image(from);
    return new ImageState(li.config(), li.manifest().layers(), Instant.EPOCH);
  }

  /** The key of {@code from}'s image by content, as steps that read it are keyed on. */
  String key(String from) throws IOException {
    return ParentKey.of(apply(from).config(), session.layerSettings());
  }

  private boolean matches(String from, int index) {
    BuildSession.StageResult r = session.stages.get(index);
    if (from.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(from) == index;
    }
    return r != null && session.stageNames.getOrDefault(index, "").equalsIgnoreCase(from);
  }
}
