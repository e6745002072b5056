package dev.hoist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.format.GoTemplate;
import dev.hoist.cli.format.TemplateException;
import dev.hoist.internal.runtime.events.Event;
import dev.hoist.internal.service.list.EventFilter;
import dev.hoist.internal.service.list.Filters;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
          + ".Status .ID .From .Scope .Time .TimeNano.")
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
        JsonNode node = GoMessage.of(e);
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

  /**
   * An event as docker's templates see it, a Go {@code events.Message}: its fields by their Go
   * names ({@code .Status}, {@code .ID}, {@code .From}, {@code .Type}, {@code .Action},
   * {@code .Actor.ID}, {@code .Actor.Attributes}, {@code .Scope}, {@code .Time},
   * {@code .TimeNano}), while {@code {{json .}}} writes its JSON form (Docker's keys).
   */
  static final class GoMessage extends ObjectNode {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> GO_NAMES = Map.of("Status", "status", "ID", "id",
        "From", "from", "Scope", "scope", "Time", "time", "TimeNano", "timeNano");

    private GoMessage(Map<String, JsonNode> fields) {
      super(JsonNodeFactory.instance, fields);
    }

    static GoMessage of(Event e) {
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      JSON.<ObjectNode>valueToTree(e).fields().forEachRemaining(f -> fields.put(f.getKey(),
          f.getValue()));
      return new GoMessage(fields);
    }

    @Override
    public JsonNode get(String name) {
      return super.get(GO_NAMES.getOrDefault(name, name));
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
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
