package dev.hoist.internal.dockerfile.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filtering a real directory tree, the way the build engine walks a context. */
class DockerIgnoreWalkTest {
  @TempDir Path context;

  private static final String[] FILES = {
    "README.md",
    "CHANGELOG.md",
    "Dockerfile",
    "src/Main.java",
    "src/README.md",
    "src/notes.md",
    "docs/guide.txt",
    "docs/README.md",
    "docs/img/logo.png",
    "docs/keep/a.txt",
    "docs/keep/deep/b.md",
    "docs/keepsake/c.txt",
    "build/out.jar",
    "build/tmp/x.class",
  };

  @Test
  void walkKeepsExactlyTheFilesDockerWould() throws IOException {
    createTree();
    Files.writeString(
        context.resolve(".dockerignore"),
        "# docs are big\n*.md\n!README.md\ndocs/**\n!docs/keep/**\nbuild\n");
    DockerIgnore ignore = DockerIgnore.forContext(context, Path.of("Dockerfile"));

    Walk walk = walk(ignore);

    assertEquals(
        new TreeSet<>(
            List.of(
                ".dockerignore",
                "Dockerfile",
                "README.md",
                "src/Main.java",
                "src/README.md",
                "src/notes.md",
                "docs/keep/a.txt",
                "docs/keep/deep/b.md")),
        walk.keptFiles);
    // No exception reaches below these, so the walker never enters them ("docs/keep/" is not a
    // prefix of "docs/keepsake/"); "docs" and "docs/keep" must be entered.
    assertEquals(
        new TreeSet<>(List.of("build", "docs/img", "docs/keepsake")), walk.skippedDirs);
    // "*" never crosses a '/': "*.md" only excludes Markdown files at the root...
    assertFalse(ignore.excludes("src/notes.md"));
    assertTrue(ignore.excludes("CHANGELOG.md"));
    // ...and "!README.md" only re-includes the root one, not one under an excluded directory.
    assertTrue(ignore.excludes("docs/README.md"));
  }

  @Test
  void walkingWithAndWithoutSkippingGivesTheSameFiles() throws IOException {
    createTree();
    for (String rules :
        new String[] {
          "*.md\n!README.md\ndocs/**\n!docs/keep/**",
          "docs\n!docs/keep",
          "docs\n!docs/*/a.txt",
          "*\n!src\n!docs/keep/deep",
          "**/*.md\n!**/README.md\nbuild/**",
          "build\n!build/tmp/x.class",
          "**\n!Dockerfile",
        }) {
      DockerIgnore ignore = DockerIgnore.parse(rules);
      TreeSet<String> expected = new TreeSet<>();
      for (String file : FILES) {
        if (!ignore.excludes(file)) {
          expected.add(file);
        }
      }
      assertEquals(expected, walk(ignore).keptFiles, rules);
    }
  }

  @Test
  void canSkipDirectoryFollowsBuildKit() {
    DockerIgnore prefixOnly = DockerIgnore.parse("docs\n!docs/keep/**\nbuild/*\n!build/tmp/*");
    assertFalse(prefixOnly.canSkipDirectory("src")); // not excluded at all
    assertFalse(prefixOnly.canSkipDirectory("docs")); // an exception lies below
    assertTrue(prefixOnly.canSkipDirectory("docs/img"));
    assertFalse(prefixOnly.canSkipDirectory("docs/keep")); // excluded, but the exception is here
    assertFalse(prefixOnly.canSkipDirectory("build")); // not excluded: only its entries are
    assertFalse(prefixOnly.canSkipDirectory("build/tmp"));
    assertTrue(prefixOnly.canSkipDirectory("build/other"));
    assertFalse(prefixOnly.canSkipDirectory("."));

    // Without exceptions every excluded directory can be skipped.
    assertTrue(DockerIgnore.parse("node_modules\n**/target").canSkipDirectory("a/b/target"));
    assertTrue(DockerIgnore.parse("node_modules").canSkipDirectory("node_modules/x"));

    // A wildcard in any exception could match at any depth: never skip.
    DockerIgnore wildcard = DockerIgnore.parse("docs\nbuild\n!**/*.keep");
    assertTrue(wildcard.excludes("build"));
    assertFalse(wildcard.canSkipDirectory("build"));
    assertFalse(DockerIgnore.parse("docs\n!docs/[ab]").canSkipDirectory("docs/img"));
  }

  @Test
  void dockerfileSpecificIgnoreFileWins() throws IOException {
    Files.writeString(context.resolve(".dockerignore"), "from-context\n");
    Path sub = Files.createDirectories(context.resolve("build"));
    Files.writeString(sub.resolve("app.Dockerfile"), "FROM scratch\n");
    Files.writeString(sub.resolve("app.Dockerfile.dockerignore"), "from-dockerfile\n");

    assertEquals(
        List.of("from-dockerfile"),
        DockerIgnore.forContext(context, Path.of("build/app.Dockerfile")).patterns());
    assertEquals(
        List.of("from-dockerfile"),
        DockerIgnore.forContext(context, sub.resolve("app.Dockerfile")).patterns());
    assertEquals(
        List.of("from-context"),
        DockerIgnore.forContext(context, Path.of("Dockerfile")).patterns());
    assertEquals(List.of("from-context"), DockerIgnore.forContext(context, null).patterns());
  }

  @Test
  void missingIgnoreFilesMeanNothingIsExcluded() throws IOException {
    assertEquals(List.of(), DockerIgnore.read(context.resolve("nope")).patterns());
    DockerIgnore none = DockerIgnore.forContext(context, Path.of("Dockerfile"));
    assertEquals(List.of(), none.patterns());
    assertFalse(none.excludes("anything/at/all"));
  }

  private void createTree() throws IOException {
    for (String file : FILES) {
      Path path = context.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, file);
    }
  }

  /** Files kept and directories pruned by a walk that uses the helper like BuildKit does. */
  private record Walk(TreeSet<String> keptFiles, TreeSet<String> skippedDirs) {}

  private Walk walk(DockerIgnore ignore) throws IOException {
    TreeSet<String> kept = new TreeSet<>();
    TreeSet<String> skipped = new TreeSet<>();
    Files.walkFileTree(
        context,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String rel = relative(dir);
            if (ignore.canSkipDirectory(rel)) {
              skipped.add(rel);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = relative(file);
            if (!ignore.excludes(rel)) {
              kept.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Walk(kept, skipped);
  }

  private String relative(Path path) {
    List<String> parts = new ArrayList<>();
    context.relativize(path).forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }
}
