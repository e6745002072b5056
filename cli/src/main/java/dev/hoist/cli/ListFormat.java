package dev.hoist.cli;

import dev.hoist.cli.format.DockerFormat;
import dev.hoist.cli.format.GoStruct;
import dev.hoist.cli.format.TemplateException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The output of a listing command ({@code ps}, {@code images}, {@code volume ls}, …) as
 * docker/cli's formatter writes it: the rows (each a formatter context, see the *Row classes)
 * through a {@code --format} value ({@code table …}, {@code json} or a template), a table's header
 * from the command's header names. A template that fails prints nothing and fails the command
 * with {@code template parsing error: …}, as docker's.
 */
final class ListFormat {
  private ListFormat() {}

  static void print(PrintWriter out, String format, List<GoStruct> rows,
      Map<String, String> headers) {
    try {
      out.print(DockerFormat.parse(format).render(rows, headers));
      out.flush();
    } catch (TemplateException e) {
      throw new UserError("template parsing error: " + e.getMessage());
    }
  }

  /**
   * {@code --format} of a command that prints one object ({@code info}, {@code version}):
   * {@code json} prints it as compact JSON, a template is run over it; either followed by a
   * newline. A template that does not parse is {@code template parsing error: …}; one that fails
   * running, Go's error alone (as docker's {@code info} and {@code version}).
   */
  static void printObject(PrintWriter out, String format, com.fasterxml.jackson.databind.JsonNode
      data) {
    if (format.equals("json")) {
      out.println(DockerFormat.json(data));
      return;
    }
    dev.hoist.cli.format.GoTemplate template;
    try {
      template = dev.hoist.cli.format.GoTemplate.parse(format);
    } catch (TemplateException e) {
      throw new UserError("template parsing error: " + e.getMessage());
    }
    try {
      out.println(template.execute(data)); // docker's info and version: Go's error as it is
    } catch (TemplateException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Whether {@code --format} asks for a table (or none was given: the default table). */
  static boolean isTable(String format) {
    return format == null || format.isEmpty() || format.startsWith("table");
  }
}
