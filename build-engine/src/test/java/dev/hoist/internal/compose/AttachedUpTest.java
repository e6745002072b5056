package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.service.Hoist;
import dev.hoist.internal.service.HoistContext;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attached {@code up}'s life: only what {@link AttachedUp#start} returns awaits the exits (an
 * await before the start would wait for ever), and a second start is refused.
 */
class AttachedUpTest {
  @TempDir Path dir;

  @Test
  void onlyAStartedAttachedUpIsAwaitedAndItStartsOnce() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox\n");
    Hoist hoist = Hoist.of(HoistContext.builder(new HoistHome(dir.resolve("home")))
        .environment(Map.of()).build());
    ComposeProject project = hoist.compose().load(ProjectOptions.in(dir, Map.of()));
    AttachedUp up = hoist.compose().attach(project, List.of(),
        new AttachedUp.Options(false, null, false), new StringWriter(), event -> { });
    AttachedUp.Following following = up.start();
    IllegalStateException twice = assertThrows(IllegalStateException.class, up::start);
    assertEquals("attached up of " + project.name() + " started already", twice.getMessage());
    assertEquals(0, following.await(), "no container: nothing to wait for");
  }
}
