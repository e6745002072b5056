package dev.hoist.internal.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One compose file read as YAML 1.1 (the version Compose's files are written for): a tree of
 * {@code Map<String, Object>} (insertion order), {@code List<Object>}, {@code String},
 * {@code Long}, {@code Double}, {@code Boolean} and {@code null}, anchors and aliases resolved,
 * merge keys ({@code <<: *anchor}) applied, and the line of every key path kept for errors.
 *
 * @param file where it was read from
 * @param tree the top-level mapping
 * @param lines key path ({@code services.web.ports[1]}) to its 1-based line
 */
public record YamlDocument(Path file, Map<String, Object> tree, Map<String, Integer> lines) {

  /** Reads {@code file}; a syntax error names the file and line. */
  public static YamlDocument read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file, in);
    }
  }

  /** Parses {@code in}, read from {@code file}. */
  public static YamlDocument parse(Path file, Reader in) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(1000);
    Node root;
    try {
      root = new Yaml(options).compose(in);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ComposeException(file + ":" + line + ": invalid YAML: " + e.getProblem());
    } catch (RuntimeException e) {
      throw new ComposeException(file + ": invalid YAML: " + e.getMessage());
    }
    Map<String, Integer> lines = new LinkedHashMap<>();
    if (root == null) {
      return new YamlDocument(file, new LinkedHashMap<>(), lines);
    }
    Object tree = new Converter(file, lines).value(root, "");
    if (!(tree instanceof Map<?, ?> map)) {
      throw new ComposeException(file + ": top-level object must be a mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> top = (Map<String, Object>) map;
    return new YamlDocument(file, top, lines);
  }

  /** The line of {@code path} in this file, 0 when it has none. */
  public int line(String path) {
    return lines.getOrDefault(path, 0);
  }

  private record Converter(Path file, Map<String, Integer> lines) {
    Object value(Node node, String path) {
      lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
      if (node instanceof ScalarNode scalar) {
        return scalar(scalar);
      }
      if (node instanceof SequenceNode sequence) {
        List<Object> list = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          list.add(value(item, path + "[" + list.size() + "]"));
        }
        return list;
      }
      MappingNode mapping = (MappingNode) node;
      Map<String, Object> map = new LinkedHashMap<>();
      List<MappingNode> merged = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          Node merge = tuple.getValueNode();
          if (merge instanceof MappingNode m) {
            merged.add(m);
          } else if (merge instanceof SequenceNode s) {
            for (Node n : s.getValue()) {
              if (!(n instanceof MappingNode m)) {
                throw error(n, path, "a merge key (<<) takes mappings only");
              }
              merged.add(m);
            }
          } else {
            throw error(merge, path, "a merge key (<<) takes a mapping or a list of mappings");
          }
          continue;
        }
        if (!(keyNode instanceof ScalarNode key)) {
          throw error(keyNode, path, "keys must be strings");
        }
        String name = key.getValue();
        String child = path.isEmpty() ? name : path + "." + name;
        // a key's line is its own, not its value's (a block mapping's starts on the next)
        lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
        map.put(name, value(tuple.getValueNode(), child));
      }
      // merged mappings give only the keys the mapping itself does not have; earlier first
      for (MappingNode m : merged) {
        @SuppressWarnings("unchecked")
        Map<String, Object> from = (Map<String, Object>) value(m, path);
        from.forEach(map::putIfAbsent);
      }
      return map;
    }

    private ComposeException error(Node node, String path, String message) {
      return new ComposeException(file + ":" + (node.getStartMark().getLine() + 1) + ": "
          + (path.isEmpty() ? "" : path + ": ") + message);
    }

    private static Object scalar(ScalarNode scalar) {
      String text = scalar.getValue();
      Tag tag = scalar.getTag();
      if (tag.equals(Tag.NULL)) {
        return null;
      }
      if (tag.equals(Tag.BOOL)) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
      }
      if (tag.equals(Tag.INT)) {
        try {
          String t = text.replace("_", "");
          if (t.startsWith("0x")) {
            return Long.parseLong(t.substring(2), 16);
          }
          if (t.length() > 1 && t.startsWith("0") && t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t, 8);
          }
          return Long.parseLong(t);
        } catch (NumberFormatException e) {
          return text;
        }
      }
      if (tag.equals(Tag.FLOAT)) {
        try {
          return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
          return text;
        }
      }
      return text;
    }
  }
}
