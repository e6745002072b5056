package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.KeyValue;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.stages.StageReference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text form of a parsed Dockerfile ({@code hoist dockerfile parse}): one line per
 * instruction in the style of BuildKit's parser dump, then the stages and their build order.
 */
public final class DockerfileText {
  private DockerfileText() {}

  public static String render(SyntaxTree tree, StageGraph graph, String target) {
    StringBuilder out = new StringBuilder();
    tree.directives().forEach((k, v) -> out.append("# ").append(k).append('=').append(v)
        .append('\n'));
    for (RawInstruction raw : tree.instructions()) {
      out.append(String.format("%4d  ", raw.startLine())).append(node(raw)).append('\n');
      for (Heredoc heredoc : raw.heredocs()) {
        out.append("      <<").append(heredoc.chomp() ? "-" : "").append(heredoc.name())
            .append(heredoc.expand() ? "" : " (no expansion)").append(": ")
            .append(quote(heredoc.content())).append('\n');
      }
    }
    if (graph != null) {
      out.append('\n').append("stages:\n");
      for (Stage stage : graph.stages()) {
        out.append("  ").append(stage.index()).append(' ')
            .append(stage.name() == null ? "(unnamed)" : stage.name())
            .append(" FROM ").append(stage.from().image())
            .append(stage.from().platform() == null ? "" : " (" + stage.from().platform() + ")")
            .append(" at line ").append(stage.from().location().line());
        String deps = stage.references().stream()
            .filter(StageReference::isStage)
            .map(r -> describe(r.kind()) + " " + graph.stages().get(r.stage()).displayName())
            .distinct()
            .collect(Collectors.joining(", "));
        out.append(deps.isEmpty() ? "" : "; uses " + deps).append('\n');
      }
      out.append("build order:");
      List<List<Stage>> order = graph.buildOrder(target);
      for (int i = 0; i < order.size(); i++) {
        out.append(i == 0 ? " " : " -> ").append('[')
            .append(order.get(i).stream().map(Stage::displayName)
                .collect(Collectors.joining(", ")))
            .append(']');
      }
      out.append('\n');
      graph.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
    }
    return out.toString();
  }

  private static String describe(StageReference.Kind kind) {
    return switch (kind) {
      case BASE -> "FROM";
      case COPY_FROM -> "COPY --from";
      case MOUNT_FROM -> "RUN --mount from";
    };
  }

  private static String node(RawInstruction raw) {
    StringBuilder s = new StringBuilder("(").append(raw.name());
    for (String flag : raw.flags()) {
      s.append(' ').append(flag);
    }
    if (raw.json()) {
      s.append(" json");
    }
    if (raw.onbuild() != null) {
      s.append(' ').append(node(raw.onbuild()));
    } else if (!raw.pairs().isEmpty()) {
      for (KeyValue kv : raw.pairs()) {
        s.append(' ').append(quote(kv.key())).append(kv.equals() ? "=" : " ")
            .append(quote(kv.value()));
      }
    } else {
      for (String arg : raw.args()) {
        s.append(' ').append(quote(arg));
      }
    }
    return s.append(')').toString();
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
