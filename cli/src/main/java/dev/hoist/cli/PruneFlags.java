package dev.hoist.cli;

import dev.hoist.internal.service.list.PruneFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The prune commands' {@code -f} and {@code --filter} (a picocli mixin, {@code @Mixin
 * PruneFlags prune}): the filter read once, the confirmation asked as Docker asks it.
 */
final class PruneFlags {
  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "KEY=VALUE", description = PruneFilterFlags.DESCRIPTION)
  List<String> filters = new ArrayList<>();

  /** The filter, or the user's error naming what is wrong ({@link PruneFilterFlags#read}). */
  PruneFilter filter(CommandSpec spec) {
    return PruneFilterFlags.read(spec, filters);
  }

  /**
   * Whether to go on ({@link Confirm#ask}): {@code -f}, or {@code y} to {@code WARNING! warning}
   * (a format) and Docker's question; {@code what} names the removal when there is no terminal.
   */
  boolean confirm(String what, String warning) {
    return Confirm.ask(what, force, "WARNING! " + warning
        + "%nAre you sure you want to continue? [y/N] ");
  }
}
