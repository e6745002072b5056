package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A {@code --format} value of a listing command as docker/cli's formatter reads it
 * ({@code cli/command/formatter}): {@code json} prints each row as one line of JSON;
 * {@code table TEMPLATE} prints a header row (the template run over the command's header names,
 * with docker's header functions) and the rows, aligned by Go's tabwriter; anything else is a
 * template printed once per row, each followed by a newline. The escapes {@code \t} and
 * {@code \n} written literally in the format become a tab and a newline, and spaces around the
 * template are trimmed, as docker does.
 */
public final class DockerFormat {
  private static final String TABLE = "table";

  private final boolean table;
  private final GoTemplate template;

  private DockerFormat(boolean table, GoTemplate template) {
    this.table = table;
    this.template = template;
  }

  /** Parses {@code format}; throws {@link TemplateException} with Go's message if it is bad. */
  public static DockerFormat parse(String format) {
    if (format.equals("json")) {
      return new DockerFormat(false, GoTemplate.parse("{{json .}}"));
    }
    boolean table = format.startsWith(TABLE);
    String text = table ? format.substring(TABLE.length()) : format;
    text = trimSpaces(text).replace("\\t", "\t").replace("\\n", "\n");
    return new DockerFormat(table, GoTemplate.parse(text));
  }

  private static String trimSpaces(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    return s.substring(from, to);
  }

  /** Compact JSON as docker's {@code json} function and {@code --format json} write it. */
  public static String json(JsonNode value) {
    return GoJson.write(value);
  }

  public boolean isTable() {
    return table;
  }

  /**
   * The rows printed: {@code headers} maps a row's field names to the names of their columns
   * (docker's per-command header maps, e.g. {@code ID} → {@code CONTAINER ID}).
   */
  public String render(List<? extends JsonNode> rows, Map<String, String> headers) {
    StringBuilder body = new StringBuilder();
    for (JsonNode row : rows) {
      template.execute(row, body);
      body.append('\n');
    }
    if (!table) {
      return body.toString();
    }
    ObjectNode names = JsonNodeFactory.instance.objectNode();
    headers.forEach(names::put);
    StringBuilder header = new StringBuilder();
    try {
      template.forHeader().execute(names, header);
    } catch (TemplateException e) {
      // docker ignores the header's errors and prints what was written before them
    }
    return TabWriter.docker(header + "\n" + body);
  }

  /**
   * {@code text}'s tab-separated cells aligned as Go's tabwriter with a minimum cell width and
   * padding ({@code docker top} writes with 20 and 3).
   */
  public static String align(String text, int minWidth, int padding) {
    return TabWriter.aligned(text, minWidth, padding);
  }
}
