package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A Go text/template, parsed: the language of {@code docker --format}. Data is a Jackson tree
 * (see {@link GoValues} for how Go sees it); {@link #execute} returns the text or throws
 * {@link TemplateException} with Go's message.
 */
public final class GoTemplate {
  private final String text;
  private final Map<String, List<Node>> templates;
  private final Map<String, GoFunction> functions;

  private GoTemplate(String text, Map<String, GoFunction> functions) {
    this.text = text;
    this.functions = functions;
    this.templates = TemplateBuilder.parse("", text, functions.keySet());
  }

  /** A template with Go's built-in functions and docker's (as docker/cli's templates.Parse). */
  public static GoTemplate parse(String text) {
    return new GoTemplate(text, Functions.docker());
  }

  /** The same template with docker's header functions, to render a table's header row. */
  GoTemplate forHeader() {
    return new GoTemplate(text, Functions.dockerHeader());
  }

  public String execute(JsonNode data) {
    StringBuilder out = new StringBuilder();
    execute(data, out);
    return out.toString();
  }

  public void execute(JsonNode data, StringBuilder out) {
    Executor.run(text, templates, functions, "", data, out);
  }
}
