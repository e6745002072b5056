package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of secrets and configs made of a value: per project, removed once unused. */
class ContentFilesTest {
  @TempDir Path home;

  @Test
  void aProjectsUnusedFilesAreRemovedAndThoseInUseKept() throws Exception {
    ContentFiles app = new ContentFiles(home, "app");
    ContentFiles other = new ContentFiles(home, "other");
    Map<String, Path> files = app.write(Map.of("/run/secrets/a", "secret-a",
        "/run/secrets/b", "secret-b"));
    Path a = files.get("/run/secrets/a");
    Path b = files.get("/run/secrets/b");
    Path shared = other.write(Map.of("/run/secrets/a", "secret-a")).get("/run/secrets/a");
    assertEquals("secret-a", Files.readString(a));
    assertEquals(home.resolve("compose-files").resolve("app").resolve(
        ContentFiles.digest("secret-a")), a);
    assertFalse(a.equals(shared), "the same value is one file per project");

    app.removeUnused(() -> Set.of(a));
    assertTrue(Files.exists(a), "a file a container mounts is kept");
    assertFalse(Files.exists(b));

    app.removeUnused(Set::of);
    assertFalse(Files.exists(a.getParent()), "the project's directory, once empty");
    assertEquals("secret-a", Files.readString(shared), "another project's file stays");
    app.removeUnused(Set::of);
    assertEquals(a, app.write(Map.of("/x", "secret-a")).get("/x"), "written again by up");
  }

  @Test
  void filesOfTheEarlierFlatLayoutAreRemovedOnceUnusedAndNothingIsListedWithoutFiles()
      throws Exception {
    ContentFiles app = new ContentFiles(home, "app");
    app.removeUnused(() -> {
      throw new AssertionError("the containers were listed with no file to check");
    });
    Path flat = home.resolve("compose-files");
    Files.createDirectories(flat);
    Path unused = Files.writeString(flat.resolve(ContentFiles.digest("old-a")), "old-a");
    Path mounted = Files.writeString(flat.resolve(ContentFiles.digest("old-b")), "old-b");

    app.removeUnused(() -> Set.of(mounted));

    assertFalse(Files.exists(unused), "a secret value an earlier version wrote");
    assertTrue(Files.exists(mounted), "one a container still mounts");
  }
}
