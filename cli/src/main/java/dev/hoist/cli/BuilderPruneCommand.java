package dev.hoist.cli;

import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  @Option(names = {"-a", "--all"},
      description = "Remove all unused build cache, not just dangling entries.")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "until=DURATION",
      description = "Only entries not used for DURATION (as 24h, 2h30m, 90m, 45s).")
  List<String> filters = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Instant olderThan = null;
    for (String filter : filters) {
      if (!filter.startsWith("until=")) {
        throw new UserError("--filter " + filter + ": only until=DURATION is supported");
      }
      olderThan = Cli.hoist(spec).context().clock().instant().minus(duration(filter.substring("until=".length())));
    }
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

  /** A Go duration as Docker's filter takes it: {@code 24h}, {@code 2h30m}, {@code 1.5h}. */
  static Duration duration(String text) {
    Matcher m = DURATION_PART.matcher(text);
    long millis = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double value = Double.parseDouble(m.group(1));
      millis += (long) (value * switch (m.group(2)) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s" -> 1_000;
        default -> 1;
      });
      end = m.end();
    }
    if (text.isEmpty() || end != text.length()) {
      throw new UserError("--filter until=" + text + ": expected a duration such as 24h, "
          + "2h30m or 90s");
    }
    return Duration.ofMillis(millis);
  }
}
