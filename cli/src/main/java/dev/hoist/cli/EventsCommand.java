package dev.hoist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.format.GoTemplate;
import dev.hoist.cli.format.TemplateException;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.service.list.EventFilter;
import dev.hoist.internal.service.list.Filters;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist events [--since T] [--until T] [--filter K=V]… [--format F]}: the events every
 * command appends to the journal, as {@code docker events} prints them: past ones from
 * {@code --since}, then new ones as they happen, until {@code --until} (without it: until
 * interrupted).
 */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "Show events from the journal (containers, images, volumes, networks); "
        + "follows until --until or until interrupted.")
final class EventsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Go's {@code RFC3339NanoFixed}, as docker events prints times. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  @Option(names = "--since", paramLabel = "TIME",
      description = "Show events since TIME (Unix seconds, RFC 3339, or a duration back: 10m).")
  String since;

  @Option(names = "--until", paramLabel = "TIME",
      description = "Stream events until TIME (as --since).")
  String until;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter: container, image, event, label, type, volume, network, scope.")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'json' or a Go template over .Type .Action .Actor.ID .Actor.Attributes "
          + ".time .timeNano ….")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EventFilter filter;
    try {
      filter = EventFilter.of(since, until, Filters.parse(filters),
          Cli.hoist(spec).context().clock());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    GoTemplate template = format == null || format.isEmpty() ? null
        : InspectFormat.parse(format.equals("json") ? "{{json .}}" : format);
    PrintWriter out = spec.commandLine().getOut();
    Cli.hoist(spec).events().stream(filter, e -> {
      if (template == null) {
        out.println(line(e));
      } else {
        JsonNode node = JSON.valueToTree(e);
        try {
          out.println(template.execute(node));
        } catch (TemplateException t) {
          throw new UserError("template parsing error: " + t.getMessage());
        }
      }
      out.flush();
      return true;
    });
    return 0;
  }

  /** docker's default line: time, type, action, actor, {@code (k=v, …)} sorted by key. */
  static String line(Event e) {
    StringBuilder line = new StringBuilder()
        .append(TIME.format(e.instant().atZone(ZoneId.systemDefault()))).append(' ')
        .append(e.type()).append(' ').append(e.action()).append(' ').append(e.actor().id());
    Map<String, String> attributes = e.actor().attributes();
    if (!attributes.isEmpty()) {
      StringJoiner pairs = new StringJoiner(", ", " (", ")");
      attributes.forEach((k, v) -> pairs.add(k + "=" + v));
      line.append(pairs);
    }
    return line.toString();
  }
}
