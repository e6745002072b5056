package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.Heredoc;
import java.util.List;

/**
 * {@code RUN [--mount=…] [--network=…] [--security=…] COMMAND}: the command (left to the
 * shell, never expanded here), heredocs it feeds (tabs already removed for {@code <<-}),
 * and its mounts with their values expanded ({@code --network} is never expanded, as in
 * BuildKit).
 *
 * @param command the command
 * @param heredocs the heredocs it feeds
 * @param mounts its {@code --mount}s
 * @param network {@code --network}, or null
 * @param security {@code --security}, or null
 * @param location where the instruction is written
 */
public record Run(CommandLine command, List<Heredoc> heredocs, List<RunMount> mounts,
    String network, String security, SourceLocation location) implements Instruction {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param command the command
   * @param heredocs the heredocs it feeds
   * @param mounts its {@code --mount}s
   * @param network {@code --network}, or null
   * @param security {@code --security}, or null
   * @param location where the instruction is written
   */
  public Run {
    heredocs = List.copyOf(heredocs);
    mounts = List.copyOf(mounts);
  }

  @Override
  public Instruction expand(Expander expander) {
    return new Run(command, heredocs, mounts.stream().map(m -> m.expand(expander)).toList(),
        network, security, location);
  }
}
