package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.Heredoc;
import java.util.List;

/**
 * What COPY and ADD copy: source paths (or URLs), the destination, and heredocs used as
 * sources (a source written {@code <<NAME} becomes a file named NAME with the heredoc's
 * content).
 */
public record SourcesAndDestination(List<String> sources, String destination,
    List<Heredoc> heredocs) {
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
