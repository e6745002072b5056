package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.text.GoStrings;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.KeyValue;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.internal.dockerfile.text.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gives a joined instruction line its raw structure: name, flags, and arguments read in the
 * form that instruction uses (BuildKit's dispatch table in {@code parser.go}).
 */
final class InstructionReader {
  static final Set<String> INSTRUCTIONS = Set.of("from", "run", "cmd", "label", "maintainer",
      "expose", "env", "add", "copy", "entrypoint", "volume", "user", "workdir", "arg",
      "onbuild", "stopsignal", "healthcheck", "shell");

  private final char escape;

  InstructionReader(char escape) {
    this.escape = escape;
  }

  /**
   * Reads one logical line.
   *
   * @param heredocs the heredocs read after the line, attached to the instruction that opened
   *     them (for ONBUILD, to the wrapped instruction)
   */
  RawInstruction read(String line, List<Heredoc> heredocs, int startLine, int endLine,
      int column) {
    String[] nameAndRest = InstructionLine.splitName(line);
    String written = nameAndRest[0];
    String name = written.toLowerCase(Locale.ROOT);
    if (!INSTRUCTIONS.contains(name)) {
      throw new DockerfileException(null, startLine, column, "unknown instruction: " + written
          + Suggestions.didYouMean(written.toUpperCase(Locale.ROOT), upperCaseNames()));
    }
    BuilderFlags.Extracted extracted = BuilderFlags.extract(nameAndRest[1]);
    String rest = extracted.rest();
    List<String> args = List.of();
    boolean json = false;
    List<KeyValue> pairs = List.of();
    RawInstruction wrapped = null;
    List<Heredoc> own = heredocs;
    try {
      switch (name) {
        case "from", "expose" -> args = ArgumentForms.whitespaceWords(rest);
        case "workdir", "user", "stopsignal", "maintainer" -> args = single(rest);
        case "arg" -> args = ArgumentForms.shellWords(rest, escape);
        case "env", "label" -> {
          pairs = ArgumentForms.keyValuePairs(rest, name.toUpperCase(Locale.ROOT), escape);
          args = flatten(pairs);
        }
        case "run", "cmd", "entrypoint", "shell" -> {
          List<String> array = ArgumentForms.jsonArray(rest);
          json = array != null;
          args = json ? array : single(rest);
        }
        case "add", "copy", "volume" -> {
          List<String> array = ArgumentForms.jsonArray(rest);
          json = array != null;
          args = json ? array : ArgumentForms.whitespaceWords(rest);
        }
        case "healthcheck" -> {
          List<String> parts = new ArrayList<>();
          json = healthcheck(rest, parts);
          args = parts;
        }
        case "onbuild" -> {
          if (rest.isEmpty()) {
            throw new DockerfileException("ONBUILD requires at least one argument");
          }
          int innerColumn = column + line.strip().indexOf(rest);
          wrapped = read(rest, heredocs, startLine, endLine, innerColumn);
          args = List.of(rest);
          own = List.of();
        }
        default -> throw new IllegalStateException("no reader for " + name);
      }
    } catch (DockerfileException e) {
      throw e.at(null, startLine, column);
    }
    return new RawInstruction(name, line, extracted.flags(), args, json, own, pairs, wrapped,
        startLine, endLine, column);
  }

  private static List<String> single(String rest) {
    return rest.isEmpty() ? List.of() : List.of(rest);
  }

  private static List<String> flatten(List<KeyValue> pairs) {
    List<String> args = new ArrayList<>(pairs.size() * 2);
    for (KeyValue pair : pairs) {
      args.add(pair.key());
      args.add(pair.value());
    }
    return args;
  }

  /** HEALTHCHECK: its type word (CMD or NONE), then the command in exec or shell form. */
  private static boolean healthcheck(String rest, List<String> parts) {
    int sep = 0;
    while (sep < rest.length() && !GoStrings.isSpace(rest.charAt(sep))) {
      sep++;
    }
    if (sep == 0) {
      return false;
    }
    parts.add(rest.substring(0, sep));
    String command = GoStrings.trimLeftSpace(rest.substring(sep));
    if (command.isEmpty()) {
      return false;
    }
    List<String> array = ArgumentForms.jsonArray(command);
    parts.addAll(array != null ? array : List.of(command));
    return array != null;
  }

  private static List<String> upperCaseNames() {
    return INSTRUCTIONS.stream().map(n -> n.toUpperCase(Locale.ROOT)).sorted().toList();
  }
}
