package dev.hoist.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A suite whose containers all run under one runtime ({@code --runtime}, added after {@code run}
 * and {@code create} by {@link #hoist} and {@link #ok}), so that a subclass naming runc runs
 * the same suite under runc, as {@code RuntimeBehaviourTest} does for the runtimes themselves.
 */
interface UnderRuntime {
  /** {@code hoist} (the shim) or {@code runc}. */
  String runtime();

  /** {@code hoist ARGS} in this JVM, with {@code --runtime} after {@code run} or {@code create}. */
  default ContainerCommandsTest.Result hoist(String... args) {
    return ContainerCommandsTest.hoist(withRuntime(runtime(), args));
  }

  /** As {@link #hoist}, which must exit 0. */
  default ContainerCommandsTest.Result ok(String... args) {
    return ContainerCommandsTest.ok(withRuntime(runtime(), args));
  }

  /** Skips the suite when {@code runtime} is runc and runc is not installed. */
  static void assumeInstalled(String runtime) {
    if (runtime.equals("runc")) {
      assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc"))
          || Files.isExecutable(Path.of("/usr/bin/runc")), "runc is not installed: skipped");
    }
  }

  static String[] withRuntime(String runtime, String... args) {
    if (args.length == 0 || !Set.of("run", "create").contains(args[0])) {
      return args;
    }
    List<String> all = new ArrayList<>(List.of(args[0], "--runtime", runtime));
    all.addAll(List.of(args).subList(1, args.length));
    return all.toArray(String[]::new);
  }
}
