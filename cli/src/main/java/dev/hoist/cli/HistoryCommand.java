package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist history IMAGE}: the steps that made an image, newest first, as docker's. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Show the history of an image: its steps, newest first, with their layers' "
        + "sizes.")
final class HistoryCommand implements Callable<Integer> {
  @Option(names = {"-H", "--human"}, arity = "0..1", defaultValue = "true",
      fallbackValue = "true", description = "Print sizes and dates in human readable format "
      + "(default true; --human=false: bytes and RFC 3339).")
  boolean human;

  @Option(names = "--no-trunc", description = "Don't truncate output.")
  boolean noTrunc;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
  boolean quiet;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'table TEMPLATE', 'json' or a Go template over .ID .CreatedSince "
          + ".CreatedAt .CreatedBy .Size .Comment.")
  String format;

  @Parameters(paramLabel = "IMAGE") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Instant now = Instant.now();
    List<GoStruct> rows = Cli.hoist(spec).images().history(reference).stream()
        .map(item -> HistoryRow.of(item, !noTrunc, human, now)).toList();
    String shown = format == null || format.isEmpty() || format.equals("table")
        ? (quiet ? "{{.ID}}" : HistoryRow.TABLE) : format;
    ListFormat.print(spec.commandLine().getOut(), shown, rows, HistoryRow.HEADERS);
    return 0;
  }
}
