package dev.hoist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.format.DockerFormat;
import dev.hoist.cli.format.GoTemplate;
import dev.hoist.cli.format.TemplateException;
import dev.hoist.internal.cache.json.CanonicalJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --format} of the commands that print whole objects ({@code inspect}, {@code version}),
 * as docker/cli's inspect package does: {@code json} prints the objects as one compact JSON
 * array; a template is run over each object and each result is followed by a newline; an
 * object the template fails on is skipped, the others printed, and the command then fails
 * with {@code template parsing error: …} (exit status 1, as docker's).
 */
final class InspectFormat {
  private InspectFormat() {}

  /**
   * Prints {@code objects} (the services' inspect shapes) as Docker's inspect commands do:
   * indented JSON without {@code format}, else per {@code format}.
   */
  static void printObjects(PrintWriter out, List<?> objects, String format) {
    JsonNode json = CanonicalJson.mapper().valueToTree(objects);
    if (format == null || format.isEmpty()) {
      out.println(CanonicalJson.pretty(json));
    } else {
      print(out, json, format);
    }
    out.flush();
  }

  /** Prints {@code objects} per {@code format} (neither null nor empty). */
  static void print(PrintWriter out, JsonNode objects, String format) {
    if (format.equals("json")) {
      out.println(DockerFormat.json(objects));
      return;
    }
    GoTemplate template = parse(format);
    StringBuilder printed = new StringBuilder();
    List<String> errors = new ArrayList<>();
    for (JsonNode object : objects) {
      StringBuilder one = new StringBuilder();
      try {
        template.execute(object, one);
        printed.append(one).append('\n');
      } catch (TemplateException e) {
        errors.add("template parsing error: " + e.getMessage());
      }
    }
    out.print(printed.length() == 0 ? "\n" : printed);
    out.flush();
    if (!errors.isEmpty()) {
      throw new UserError(String.join("\n", errors));
    }
  }

  /** The template, or the user's error naming what is wrong in it. */
  static GoTemplate parse(String format) {
    try {
      return GoTemplate.parse(format);
    } catch (TemplateException e) {
      throw new UserError("template parsing error: " + e.getMessage());
    }
  }
}
