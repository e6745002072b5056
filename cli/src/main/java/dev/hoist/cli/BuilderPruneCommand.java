package dev.hoist.cli;

import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist builder prune}, as {@code docker builder prune}: the dangling build cache (steps
 * whose layer no image uses, unused cache mounts), or with {@code -a} all of it; then the
 * content nothing references any more.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove build cache: the dangling entries (steps whose layer no image uses, "
        + "such as builder stages, and cache mounts no step holds), or with -a all of it.")
final class BuilderPruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"},
      description = "Remove all unused build cache, not just dangling entries.")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "until=TIME",
      description = "Only entries not used since TIME: a duration back from now (24h, 2h30m),"
          + " an RFC 3339 date or time, or Unix seconds.")
  List<String> filters = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Instant olderThan = PruneFilterFlags.read(spec, filters, Set.of("until")).until();
    if (!Confirm.ask("hoist builder prune removes build cache", force, all
        ? "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "
        : "WARNING! This will remove all dangling build cache. Are you sure you want to "
            + "continue? [y/N] ")) {
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    SystemService.BuildCachePruneReport pruned =
        Cli.hoist(spec).system().pruneBuildCache(all, olderThan);
    List<String> removed = pruned.removed();
    if (!removed.isEmpty()) {
      out.println("Deleted build cache objects:");
      removed.forEach(out::println);
      out.println();
    }
    out.println("Total reclaimed space: " + Sizes.human(pruned.garbage().bytes()));
    return 0;
  }
}
