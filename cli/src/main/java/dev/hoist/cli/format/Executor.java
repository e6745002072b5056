package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template over a value, as Go's text/template executes: Java's {@code null} is
 * Go's invalid value (printed {@code <no value>}), a JSON null is nil. Errors read as Go's:
 * {@code template: NAME:LINE:COL: executing "NAME" at <NODE>: message}.
 */
final class Executor {
  /** Nested {@code {{template}}} calls allowed (Go allows 100,000; Java's stack fewer). */
  private static final int MAX_DEPTH = 1000;

  private final String source;
  private final Map<String, List<Node>> templates;
  private final Map<String, GoFunction> functions;
  private final StringBuilder out;
  private final String name;
  private final List<String> names = new ArrayList<>();
  private final List<JsonNode> values = new ArrayList<>();
  private final int depth;
  private Node at;

  private Executor(String source, Map<String, List<Node>> templates,
      Map<String, GoFunction> functions, StringBuilder out, String name, int depth) {
    this.source = source;
    this.templates = templates;
    this.functions = functions;
    this.out = out;
    this.name = name;
    this.depth = depth;
  }

  static void run(String source, Map<String, List<Node>> templates,
      Map<String, GoFunction> functions, String name, JsonNode data, StringBuilder out) {
    new Executor(source, templates, functions, out, name, 0).start(data);
  }

  private void start(JsonNode data) {
    names.add("$");
    values.add(data);
    walk(data, templates.get(name));
  }

  /** {@code {{break}}} and {@code {{continue}}} unwinding to their range. */
  private static final class Jump extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean isBreak;

    Jump(boolean isBreak) {
      super(null, null, false, false);
      this.isBreak = isBreak;
    }
  }

  private void walk(JsonNode dot, List<Node> list) {
    for (Node node : list) {
      walk(dot, node);
    }
  }

  private void walk(JsonNode dot, Node node) {
    at = node;
    if (node instanceof Node.Text t) {
      out.append(t.text());
    } else if (node instanceof Node.Action a) {
      JsonNode v = pipeline(dot, a.pipe());
      if (a.pipe().variables().isEmpty()) {
        out.append(v == null ? "<no value>" : GoValues.print(v));
      }
    } else if (node instanceof Node.If i) {
      int mark = names.size();
      try {
        for (int b = 0; b < i.conditions().size(); b++) {
          if (GoValues.truth(pipeline(dot, i.conditions().get(b)))) {
            walk(dot, i.bodies().get(b));
            return;
          }
        }
        walk(dot, i.otherwise());
      } finally {
        pop(mark);
      }
    } else if (node instanceof Node.Scope s) {
      int mark = names.size();
      try {
        if (s.with()) {
          JsonNode v = pipeline(dot, s.pipe());
          walk(GoValues.truth(v) ? v : dot, GoValues.truth(v) ? s.body() : s.otherwise());
        } else {
          range(dot, s);
        }
      } finally {
        pop(mark);
      }
    } else if (node instanceof Node.Call c) {
      List<Node> body = templates.get(c.name());
      if (body == null) {
        throw error("template " + GoStrings.quote(c.name()) + " not defined");
      }
      if (depth >= MAX_DEPTH) {
        throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
      }
      JsonNode v = c.pipe() == null ? null : pipeline(dot, c.pipe());
      Executor inner = new Executor(source, templates, functions, out, c.name(), depth + 1);
      inner.start(v);
    } else if (node instanceof Node.Jump j) {
      throw new Jump(j.isBreak());
    } else {
      throw new IllegalStateException("unknown node " + node);
    }
  }

  private void range(JsonNode dot, Node.Scope s) {
    Node.Pipe pipe = s.pipe();
    JsonNode v = pipeline(dot, new Node.Pipe(pipe.pos(), List.of(), false, pipe.commands()));
    List<JsonNode> keys = new ArrayList<>();
    List<JsonNode> elements = new ArrayList<>();
    if (v != null && v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        keys.add(IntNode.valueOf(i));
        elements.add(v.get(i));
      }
    } else if (v != null && v.isObject()) {
      for (String key : GoValues.sortedKeys(v)) {
        keys.add(TextNode.valueOf(key));
        elements.add(v.get(key));
      }
    } else if (v != null && !v.isNull()) {
      at = pipe;
      throw error("range can't iterate over " + GoValues.print(v));
    }
    if (elements.isEmpty()) {
      walk(dot, s.otherwise());
      return;
    }
    for (int i = 0; i < elements.size(); i++) {
      int mark = names.size();
      List<String> vars = pipe.variables();
      if (vars.size() == 1) {
        declare(pipe, vars.get(0), elements.get(i));
      } else if (vars.size() == 2) {
        declare(pipe, vars.get(0), keys.get(i));
        declare(pipe, vars.get(1), elements.get(i));
      }
      try {
        walk(elements.get(i), s.body());
      } catch (Jump j) {
        if (j.isBreak) {
          pop(mark);
          break;
        }
      }
      if (!pipe.assign()) {
        pop(mark);
      }
    }
  }

  private void declare(Node.Pipe pipe, String var, JsonNode value) {
    if (pipe.assign()) {
      assign(var, value);
    } else {
      names.add(var);
      values.add(value);
    }
  }

  private void assign(String var, JsonNode value) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(var)) {
        values.set(i, value);
        return;
      }
    }
    throw error("undefined variable: " + var);
  }

  private void pop(int mark) {
    while (names.size() > mark) {
      names.remove(names.size() - 1);
      values.remove(values.size() - 1);
    }
  }

  private JsonNode pipeline(JsonNode dot, Node.Pipe pipe) {
    JsonNode value = null;
    boolean hasFinal = false;
    for (Node.Command cmd : pipe.commands()) {
      value = command(dot, cmd, value, hasFinal);
      hasFinal = true;
      if (value != null && value.isNull()) {
        value = null; // Go: an interface{} holding nil is dug out to an invalid value
      }
    }
    for (String var : pipe.variables()) {
      declare(pipe, var, value);
    }
    return value;
  }

  private JsonNode command(JsonNode dot, Node.Command cmd, JsonNode fin, boolean hasFinal) {
    Node first = cmd.args().get(0);
    boolean hasArgs = cmd.args().size() > 1 || hasFinal;
    if (first instanceof Node.Field f && !f.names().isEmpty()) {
      at = f;
      return fieldsOrMethod(dot, dot, f.names(), cmd, fin, hasFinal);
    }
    if (first instanceof Node.Variable v) {
      at = v;
      if (v.names().isEmpty()) {
        notAFunction(cmd, hasFinal);
        return variable(v.name());
      }
      return fieldsOrMethod(dot, variable(v.name()), v.names(), cmd, fin, hasFinal);
    }
    if (first instanceof Node.Chain c) {
      if (c.names().isEmpty()) {
        notAFunction(cmd, hasFinal);
      }
      JsonNode v = pipeline(dot, c.pipe()); // Go's errors then name the inner pipeline's node
      return c.names().isEmpty() ? v : fields(v, c.names(), hasArgs);
    }
    if (first instanceof Node.Identifier id) {
      return call(dot, id, cmd, fin, hasFinal);
    }
    at = first;
    notAFunction(cmd, hasFinal);
    if (first instanceof Node.Literal l) {
      if (l.value().isNull()) {
        throw error("nil is not a command");
      }
      return l.value();
    }
    return dot;
  }

  private void notAFunction(Node.Command cmd, boolean hasFinal) {
    if (cmd.args().size() > 1 || hasFinal) {
      throw error("can't give argument to non-function " + cmd.args().get(0));
    }
  }

  private JsonNode variable(String var) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(var)) {
        return values.get(i);
      }
    }
    throw error("undefined variable: " + var);
  }

  /**
   * A chain of fields whose last may be a {@link GoStruct}'s method with a string parameter,
   * called with the command's arguments (and the pipeline's value), as Go's evalField calls a
   * method.
   */
  private JsonNode fieldsOrMethod(JsonNode dot, JsonNode receiver, List<String> chain,
      Node.Command cmd, JsonNode fin, boolean hasFinal) {
    boolean hasArgs = cmd.args().size() > 1 || hasFinal;
    JsonNode owner = fields(receiver, chain.subList(0, chain.size() - 1), false);
    String last = chain.get(chain.size() - 1);
    if (owner instanceof GoStruct s && s.method(last) != null) {
      Node at0 = at;
      List<Node> args = cmd.args().subList(1, cmd.args().size());
      int given = args.size() + (hasFinal ? 1 : 0);
      if (given != 1) {
        throw error("wrong number of args for " + last + ": want 1 got " + given);
      }
      JsonNode arg = args.isEmpty() ? convert(fin, GoFunction.Type.STRING)
          : argument(dot, args.get(0), GoFunction.Type.STRING);
      at = at0;
      return TextNode.valueOf(s.method(last).apply(arg.textValue()));
    }
    return field(owner, last, hasArgs, hasArgs ? cmd.args().size() - 1 + (hasFinal ? 1 : 0) : 0);
  }

  private JsonNode fields(JsonNode receiver, List<String> chain, boolean hasArgs) {
    for (int i = 0; i < chain.size(); i++) {
      receiver = field(receiver, chain.get(i), hasArgs && i == chain.size() - 1);
    }
    return receiver;
  }

  private JsonNode field(JsonNode receiver, String field, boolean hasArgs) {
    return field(receiver, field, hasArgs, 1);
  }

  private JsonNode field(JsonNode receiver, String field, boolean hasArgs, int given) {
    if (receiver == null) {
      return null;
    }
    if (receiver.isNull()) {
      throw error("nil pointer evaluating interface {}." + field);
    }
    if (receiver instanceof GoStruct s) {
      if (s.method(field) != null) {
        throw error("wrong number of args for " + field + ": want 1 got 0");
      }
      if (!s.has(field)) {
        throw error("can't evaluate field " + field + " in type " + s.typeName());
      }
      if (hasArgs) {
        throw error("wrong number of args for " + field + ": want 0 got " + given);
      }
      return s.get(field);
    }
    if (receiver.isObject()) {
      if (hasArgs) {
        throw error(field + " is not a method but has arguments");
      }
      return receiver.get(field);
    }
    // the data's values are Go interface{} values (in a map or a slice)
    throw error("can't evaluate field " + field + " in type interface {}");
  }

  private JsonNode call(JsonNode dot, Node.Identifier id, Node.Command cmd, JsonNode fin,
      boolean hasFinal) {
    at = id;
    GoFunction function = functions.get(id.name());
    List<Node> args = cmd.args().subList(1, cmd.args().size());
    int given = args.size() + (hasFinal ? 1 : 0);
    int wanted = function.parameters().size();
    if (function.variadic() ? given < wanted - 1 : given != wanted) {
      throw error("wrong number of args for " + id.name() + ": want "
          + (function.variadic() ? "at least " + (wanted - 1) : wanted) + " got " + given);
    }
    if (id.name().equals("and") || id.name().equals("or")) {
      return andOr(dot, id.name().equals("and"), args, fin, hasFinal);
    }
    List<JsonNode> argv = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      argv.add(argument(dot, args.get(i), function.parameter(i)));
    }
    if (hasFinal) {
      argv.add(convert(fin, function.parameter(args.size())));
    }
    at = cmd;
    try {
      return function.body().apply(argv);
    } catch (GoFunction.Failure f) {
      throw error("error calling " + id.name() + ": " + f.getMessage());
    }
  }

  private JsonNode andOr(JsonNode dot, boolean and, List<Node> args, JsonNode fin,
      boolean hasFinal) {
    JsonNode v = null;
    for (int i = 0; i < args.size() + (hasFinal ? 1 : 0); i++) {
      v = i < args.size() ? argument(dot, args.get(i), GoFunction.Type.ANY) : fin;
      if (GoValues.truth(v) != and) {
        return v;
      }
    }
    return v;
  }

  private JsonNode argument(JsonNode dot, Node arg, GoFunction.Type type) {
    at = arg;
    JsonNode v;
    if (arg instanceof Node.Field f) {
      v = fields(dot, f.names(), false);
    } else if (arg instanceof Node.Variable var) {
      v = fields(variable(var.name()), var.names(), false);
    } else if (arg instanceof Node.Chain c) {
      v = fields(pipeline(dot, c.pipe()), c.names(), false);
    } else if (arg instanceof Node.Identifier id) {
      v = call(dot, id, new Node.Command(id.pos(), List.of(id)), null, false);
    } else if (arg instanceof Node.Literal l) {
      if (l.value().isNull() && type != GoFunction.Type.ANY) {
        throw error("cannot assign nil to " + type.goName);
      }
      v = l.value();
    } else {
      v = dot;
    }
    at = arg;
    return convert(v, type);
  }

  /** Go's validateType: an argument must fit its parameter's type. */
  private JsonNode convert(JsonNode v, GoFunction.Type type) {
    switch (type) {
      case ANY -> {
        return v == null ? NullNode.getInstance() : v;
      }
      case STRING -> {
        if (v != null && v.isTextual()) {
          return v;
        }
      }
      case INT -> {
        if (v != null && v.isIntegralNumber() && v.canConvertToInt()) {
          return v;
        }
      }
      case STRINGS -> {
        if (v != null && v.isArray()) {
          boolean strings = true;
          for (JsonNode e : v) {
            strings &= e.isTextual();
          }
          if (strings) {
            return v;
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    if (v == null) {
      throw error("invalid value; expected " + type.goName);
    }
    throw error("wrong type for value; expected " + type.goName + "; got "
        + GoValues.typeName(v));
  }

  private TemplateException error(String message) {
    int pos = at == null ? 0 : at.pos();
    String before = source.substring(0, Math.min(pos, source.length()));
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    String lastLine = before.substring(before.lastIndexOf('\n') + 1);
    int column = lastLine.getBytes(StandardCharsets.UTF_8).length;
    String context = at == null ? "" : at.toString();
    return new TemplateException("template: " + name + ":" + line + ":" + column
        + ": executing \"" + name + "\" at <" + context + ">: " + message);
  }
}
