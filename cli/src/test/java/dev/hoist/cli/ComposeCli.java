package dev.hoist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One compose project of the CLI tests: {@code hoist compose -f FILE -p PROJECT ARGS…} in this
 * JVM ({@link ContainerCommandsTest#hoist}), and its {@code down} for the tests' tear-down.
 */
record ComposeCli(Path file, String project) {
  /** The command's result, whatever its exit code. */
  ContainerCommandsTest.Result run(String... args) {
    return ContainerCommandsTest.hoist(command(args));
  }

  /** As {@link #run}, asserting exit code 0. */
  ContainerCommandsTest.Result ok(String... args) {
    return ContainerCommandsTest.ok(command(args));
  }

  /** {@code down -t 1} with {@code flags} ({@code -v}…), whatever it answers. */
  void down(String... flags) {
    List<String> args = new ArrayList<>(List.of("down", "-t", "1"));
    args.addAll(List.of(flags));
    run(args.toArray(String[]::new));
  }

  private String[] command(String... args) {
    List<String> all = new ArrayList<>(List.of("compose", "-f", file.toString(), "-p", project));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
