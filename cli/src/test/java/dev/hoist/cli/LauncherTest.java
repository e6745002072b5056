package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code hoist} launcher rebuilds the jar exactly when a source or pom changed
 * (edited, added, removed, renamed), and finds that out without starting a process when nothing
 * changed. It runs on a copy of the launcher in a small repository of its own, with {@code mvn},
 * {@code java} and {@code find} replaced by scripts that log their runs.
 */
class LauncherTest {
  @TempDir Path dir;
  private Path repo;
  private Path log;
  private Path bin;

  @BeforeEach
  void setUp() throws IOException {
    Path launcher = Path.of("").toAbsolutePath().getParent().resolve("hoist");
    assertTrue(Files.isRegularFile(launcher), launcher + " is missing");
    repo = Files.createDirectories(dir.resolve("repo"));
    log = dir.resolve("log");
    bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(launcher, repo.resolve("hoist"));
    executable(repo.resolve("hoist"));
    Path locale = Path.of("src/main/sh/utf8-locale.sh"); // sourced by the launcher
    Files.createDirectories(repo.resolve("cli").resolve(locale).getParent());
    Files.copy(locale, repo.resolve("cli").resolve(locale));
    script(bin.resolve("mvn"), "echo mvn >> \"$LOG\"; mkdir -p cli/target; : > cli/target/hoist.jar");
    script(bin.resolve("find"), "echo find >> \"$LOG\"; exec " + realFind() + " \"$@\"");
    script(dir.resolve("jdk/bin/java"), "echo java >> \"$LOG\"");
    for (String file : List.of("pom.xml", "cli/pom.xml", "cli/src/main/java/dev/A.java",
        "lib/pom.xml", "lib/src/main/java/p/B.java", "lib/src/main/java/p/C.java")) {
      Files.createDirectories(repo.resolve(file).getParent());
      Files.writeString(repo.resolve(file), "// " + file + "\n");
    }
    ageEverything();
  }

  private static String realFind() {
    return Stream.of("/usr/bin/find", "/bin/find").filter(f -> Files.isExecutable(Path.of(f)))
        .findFirst().orElseThrow();
  }

  private void script(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Every file and directory of the repository an hour old, so that anything done now is newer. */
  private void ageEverything() throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
    try (Stream<Path> all = Files.walk(repo)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, hourAgo);
      }
    }
  }

  /** Runs {@code ./hoist version}; returns what it started (mvn, find, java), one per line. */
  private List<String> launch() throws Exception {
    Files.deleteIfExists(log);
    Files.createFile(log);
    ProcessBuilder pb = new ProcessBuilder(repo.resolve("hoist").toString(), "version")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    pb.environment().put("LOG", log.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    List<String> started = Files.readAllLines(log);
    assertEquals("java", started.get(started.size() - 1), "java did not run last: " + out);
    return started.subList(0, started.size() - 1);
  }

  private void assertRebuilt(String what) throws Exception {
    assertTrue(launch().contains("mvn"), "no rebuild after: " + what);
    assertEquals(List.of("find"), launch(), "the sources not listed anew after " + what);
    assertEquals(List.of(), launch(), "after the rebuild for " + what);
  }

  @Test
  void rebuildsWhenASourceChangesAndStartsNothingWhenNone() throws Exception {
    assertTrue(launch().contains("mvn"), "no jar: not built");
    assertEquals(List.of("find"), launch(), "the list of sources is made once after a build");
    assertEquals(List.of(), launch(), "nothing changed: something was started");
    assertEquals(List.of(), launch(), "nothing changed: something was started");

    Files.writeString(repo.resolve("lib/src/main/java/p/B.java"), "// edited\n");
    assertRebuilt("an edit");
    Files.writeString(repo.resolve("lib/src/main/java/p/D.java"), "// new\n");
    assertRebuilt("a new file");
    Files.delete(repo.resolve("lib/src/main/java/p/C.java"));
    assertRebuilt("a removed file");
    Files.move(repo.resolve("lib/src/main/java/p/D.java"),
        repo.resolve("lib/src/main/java/p/E.java"));
    assertRebuilt("a renamed file");
    Path q = Files.createDirectories(repo.resolve("cli/src/main/java/dev/q"));
    Files.writeString(q.resolve("F.java"), "// new package\n");
    assertRebuilt("a new package");
    Files.writeString(repo.resolve("pom.xml"), "<!-- edited -->\n");
    assertRebuilt("an edited root pom");
    Files.writeString(q.resolve("F.java"), "// edited in the new package\n");
    assertRebuilt("an edit in a package the first list did not have");
  }

  @Test
  void aJarBuiltElsewhereIsListedAnewBeforeTheNextEdit() throws Exception {
    launch();
    launch();
    // a file added, then mvn package run by hand: the jar is newer than the file and the list
    Path added = repo.resolve("lib/src/main/java/p/G.java");
    Files.writeString(added, "// added\n");
    Files.setLastModifiedTime(added, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(added.getParent(), FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(repo.resolve("cli/target/hoist.jar"), FileTime.from(Instant.now()));
    assertEquals(List.of("find"), launch(), "the newer jar's sources were not listed anew");
    Thread.sleep(20);
    Files.writeString(added, "// edited\n");
    assertRebuilt("an edit of a file added before the jar was built by hand");
  }
}
