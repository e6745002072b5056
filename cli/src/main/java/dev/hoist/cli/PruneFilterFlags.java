package dev.hoist.cli;

import dev.hoist.internal.service.list.Filters;
import dev.hoist.internal.service.list.PruneFilter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** The prune commands' {@code --filter until=…|label=…|label!=…}, read once for all of them. */
final class PruneFilterFlags {
  static final String DESCRIPTION = "Filter: until=TIME (24h, 2024-01-02, Unix seconds), "
      + "label=K[=V], label!=K[=V].";

  private PruneFilterFlags() {}

  /** The filter, or the user's error naming what is wrong. */
  static PruneFilter read(CommandSpec spec, List<String> flags) {
    return read(spec, flags, PruneFilter.KEYS);
  }

  /** As {@link #read(CommandSpec, List)}, taking only the keys {@code accepted}. */
  static PruneFilter read(CommandSpec spec, List<String> flags, Set<String> accepted) {
    try {
      return PruneFilter.of(Filters.parse(flags).validate(accepted),
          Cli.hoist(spec).context().clock());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
