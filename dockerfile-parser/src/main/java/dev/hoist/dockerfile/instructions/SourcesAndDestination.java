package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.Heredoc;
import java.util.List;

/**
 * What COPY and ADD copy: source paths (or URLs), the destination, and heredocs used as
 * sources (a source written {@code <<NAME} becomes a file named NAME with the heredoc's
 * content).
 *
 * @param sources the source paths or URLs
 * @param destination the destination
 * @param heredocs the heredocs used as sources
 */
public record SourcesAndDestination(List<String> sources, String destination,
    List<Heredoc> heredocs) {
  /**
   * Creates the record; lists and maps are copied.
   *
   * @param sources the source paths or URLs
   * @param destination the destination
   * @param heredocs the heredocs used as sources
   */
  public SourcesAndDestination {
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }

  SourcesAndDestination expand(Expander expander) {
    List<Heredoc> expandedHeredocs = heredocs.stream()
        .map(h -> h.expand()
            ? new Heredoc(h.name(), expander.heredocContent(h.content()), h.expand(), h.chomp(),
                h.fileDescriptor())
            : h)
        .toList();
    return new SourcesAndDestination(expander.eachWord(sources), expander.word(destination),
        expandedHeredocs);
  }
}
