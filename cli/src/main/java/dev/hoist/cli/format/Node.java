package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** The parsed form of a Go template: items of a list, and the arguments of a pipeline. */
sealed interface Node {
  /** The byte offset in the template's text, for Go's "line:column" in errors. */
  int pos();

  /** Literal text, already trimmed by "{{- " and " -}}". */
  record Text(int pos, String text) implements Node {}

  /** {@code {{pipeline}}}: the value is printed unless the pipeline declares a variable. */
  record Action(int pos, Pipe pipe) implements Node {}

  /** {@code {{if}}} with its {@code else if} branches in order; {@code otherwise} may be empty. */
  record If(int pos, List<Pipe> conditions, List<List<Node>> bodies, List<Node> otherwise)
      implements Node {}

  /** {@code {{range}}} ({@code with == false}) or {@code {{with}}} ({@code with == true}). */
  record Scope(int pos, boolean with, Pipe pipe, List<Node> body, List<Node> otherwise)
      implements Node {}

  /** {@code {{template "name" pipeline}}}; {@code pipe} is null without a pipeline. */
  record Call(int pos, String name, Pipe pipe) implements Node {
    @Override
    public String toString() {
      return "{{template " + GoStrings.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
    }
  }

  /** {@code {{break}}} or {@code {{continue}}}. */
  record Jump(int pos, boolean isBreak) implements Node {}

  /** A pipeline: an optional declaration ({@code $x :=}, {@code $i, $e :=}, {@code $x =}). */
  record Pipe(int pos, List<String> variables, boolean assign, List<Command> commands)
      implements Node {
    @Override
    public String toString() {
      String head = variables.isEmpty() ? ""
          : String.join(", ", variables) + (assign ? " = " : " := ");
      return head + commands.stream().map(Command::toString).collect(Collectors.joining(" | "));
    }
  }

  /** One command of a pipeline: a function and its arguments, or a single operand. */
  record Command(int pos, List<Node> args) implements Node {
    @Override
    public String toString() {
      return args.stream().map(Object::toString).collect(Collectors.joining(" "));
    }
  }

  /** {@code .A.B} (fields of dot; empty for {@code .}). */
  record Field(int pos, List<String> names) implements Node {
    @Override
    public String toString() {
      return names.isEmpty() ? "." : "." + String.join(".", names);
    }
  }

  /** {@code $x.A.B}. */
  record Variable(int pos, String name, List<String> names) implements Node {
    @Override
    public String toString() {
      return names.isEmpty() ? name : name + "." + String.join(".", names);
    }
  }

  /** A function's name. */
  record Identifier(int pos, String name) implements Node {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code (pipeline).A.B}. */
  record Chain(int pos, Pipe pipe, List<String> names) implements Node {
    @Override
    public String toString() {
      return "(" + pipe + ")" + (names.isEmpty() ? "" : "." + String.join(".", names));
    }
  }

  /** A string, number, character, boolean or nil literal as its value; {@code source} as written. */
  record Literal(int pos, JsonNode value, String source) implements Node {
    @Override
    public String toString() {
      return source;
    }
  }
}
