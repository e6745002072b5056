package dev.hoist.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist compose config} against {@code docker-compose config} (Debian's docker-compose
 * 1.29, the reference for the normalised model) over the projects in
 * {@code src/test/resources/compose-cases}: docker-compose's output is read back through hoist's
 * loader and the two models must be equal. The cases 1.29 refuses because they use keys newer
 * than it ({@link #NEWER_THAN_1_29}) must be refused by it and loaded by hoist.
 */
class ComposeConfigComparisonTest {
  private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
  private static final Map<String, String> ENVIRONMENT = Map.of("PATH",
      System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", "/root", "CMP_FROM_ENV",
      "from-env");
  /** Compose Specification keys docker-compose 1.29 predates, each with why. */
  private static final Map<String, String> NEWER_THAN_1_29 = Map.of(
      "25-project-name-key", "top-level name: came with Compose v2",
      "33-interpolation-alternative", "${VAR:+alt}, ${VAR+alt} and nesting came with v2",
      "34-newer-spec-keys", "ports host_ip and deploy.resources.limits.pids came with v2");

  @TempDir
  Path temp;

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesDockerCompose() throws IOException, URISyntaxException {
    assumeTrue(Files.isExecutable(DOCKER_COMPOSE),
        "docker-compose (Debian's package) is not installed: comparison skipped");
    Path cases = Path.of(getClass().getResource("/compose-cases").toURI());
    List<Path> dirs;
    try (Stream<Path> list = Files.list(cases)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    assertEquals(true, dirs.size() >= 30, "at least 30 cases: " + dirs.size());
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> compare(dir)));
  }

  private void compare(Path dir) throws Exception {
    List<String> args = Files.exists(dir.resolve("args"))
        ? List.of(Files.readString(dir.resolve("args")).trim().split("\\s+")) : List.of();
    List<Path> files = new ArrayList<>();
    List<Path> envFiles = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 2) {
      (args.get(i).equals("-f") ? files : envFiles).add(Path.of(args.get(i + 1)));
    }
    ProjectOptions options = new ProjectOptions(files, "cmp", null, envFiles, List.of("*"),
        dir, ENVIRONMENT, true);
    ComposeProject hoist = new ProjectLoader(options).load();

    List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-p", "cmp"));
    command.addAll(args);
    command.add("config");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(temp.resolve("stderr").toFile());
    builder.environment().clear();
    builder.environment().putAll(ENVIRONMENT);
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    int status = process.waitFor();
    String name = dir.getFileName().toString();
    if (NEWER_THAN_1_29.containsKey(name)) {
      assertNotEquals(0, status, name + ": docker-compose 1.29 now accepts it: "
          + NEWER_THAN_1_29.get(name));
      return;
    }
    String stderr = read("stderr");
    assertEquals(0, status, () -> name + ": docker-compose failed: " + stderr);
    Path reference = temp.resolve(name + ".yml");
    Files.write(reference, stdout);
    ComposeProject theirs = new ProjectLoader(new ProjectOptions(List.of(reference), "cmp", dir,
        List.of(), List.of("*"), dir, ENVIRONMENT, true)).load();
    assertEquals(ConfigView.yaml(ConfigView.tree(theirs)), ConfigView.yaml(ConfigView.tree(
        hoist)), name + ": hoist's model differs from docker-compose's");
    assertEquals(theirs.services(), hoist.services(), name);
    assertEquals(theirs.networks(), hoist.networks(), name);
    assertEquals(theirs.volumes(), hoist.volumes(), name);
  }

  private String read(String file) throws IOException {
    return Files.readString(temp.resolve(file), StandardCharsets.UTF_8);
  }
}
