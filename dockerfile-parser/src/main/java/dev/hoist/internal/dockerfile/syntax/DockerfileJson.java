package dev.hoist.internal.dockerfile.syntax;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.KeyValue;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.stages.StageReference;
import java.util.List;

/**
 * The JSON form of a parsed Dockerfile ({@code hoist dockerfile parse --format=json}):
 * {@code directives}, {@code instructions} as written, and {@code stages} with their
 * dependencies and build order.
 */
public final class DockerfileJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DockerfileJson() {}

  public static ObjectNode toJson(SyntaxTree tree, StageGraph graph, String target) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode directives = root.putObject("directives");
    tree.directives().forEach(directives::put);
    ArrayNode instructions = root.putArray("instructions");
    for (RawInstruction instruction : tree.instructions()) {
      instructions.add(instruction(instruction));
    }
    if (graph != null) {
      root.set("stages", stages(graph));
      ArrayNode order = root.putArray("buildOrder");
      for (List<Stage> wave : graph.buildOrder(target)) {
        ArrayNode w = order.addArray();
        wave.forEach(s -> w.add(s.displayName()));
      }
      ArrayNode warnings = root.putArray("warnings");
      graph.warnings().forEach(warnings::add);
    }
    return root;
  }

  /** One raw instruction: line, endLine, name, flags, args, json, heredocs, pairs, onbuild. */
  public static ObjectNode instruction(RawInstruction raw) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("line", raw.startLine());
    node.put("endLine", raw.endLine());
    node.put("name", raw.name());
    ArrayNode flags = node.putArray("flags");
    raw.flags().forEach(flags::add);
    ArrayNode args = node.putArray("args");
    raw.args().forEach(args::add);
    node.put("json", raw.json());
    ArrayNode heredocs = node.putArray("heredocs");
    for (Heredoc heredoc : raw.heredocs()) {
      ObjectNode h = heredocs.addObject();
      h.put("name", heredoc.name());
      h.put("content", heredoc.content());
      h.put("expand", heredoc.expand());
      h.put("chomp", heredoc.chomp());
    }
    if (raw.name().equals("env") || raw.name().equals("label")) {
      ArrayNode pairs = node.putArray("pairs");
      for (KeyValue kv : raw.pairs()) {
        ObjectNode p = pairs.addObject();
        p.put("key", kv.key());
        p.put("value", kv.value());
        p.put("equals", kv.equals());
      }
    }
    if (raw.onbuild() != null) {
      node.set("onbuild", instruction(raw.onbuild()));
    }
    return node;
  }

  private static ArrayNode stages(StageGraph graph) {
    ArrayNode stages = MAPPER.createArrayNode();
    for (Stage stage : graph.stages()) {
      ObjectNode s = stages.addObject();
      s.put("index", stage.index());
      if (stage.name() != null) {
        s.put("name", stage.name());
      } else {
        s.putNull("name");
      }
      s.put("from", stage.from().image());
      if (stage.from().platform() != null) {
        s.put("platform", stage.from().platform());
      }
      s.put("line", stage.from().location().line());
      s.put("instructions", stage.instructions().size());
      ArrayNode deps = s.putArray("dependsOn");
      for (StageReference ref : stage.references()) {
        ObjectNode d = deps.addObject();
        d.put("kind", ref.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (ref.isStage()) {
          d.put("stage", graph.stages().get(ref.stage()).displayName());
        } else {
          d.put("image", ref.image());
        }
        d.put("line", ref.location().line());
      }
    }
    return stages;
  }
}
