package dev.hoist.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hoist.cli.format.grammar.GoTemplateLexer;
import dev.hoist.cli.format.grammar.GoTemplateParser;
import dev.hoist.cli.format.grammar.GoTemplateParser.*;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parses a template's text with the ANTLR grammar and builds its {@link Node}s, making the
 * checks Go's parser makes beyond the grammar (undefined functions and variables, break and
 * continue outside range). Errors read as Go's: {@code template: NAME:LINE: message}.
 */
final class TemplateBuilder {
  private final String name;
  private final String text;
  private final Set<String> functions;
  private final CommonTokenStream tokens;
  private final Deque<List<String>> scopes = new ArrayDeque<>();
  private final Map<String, List<Node>> defined = new LinkedHashMap<>();
  private int ranges;

  private TemplateBuilder(String name, String text, Set<String> functions) {
    this.name = name;
    this.text = text;
    this.functions = functions;
    GoTemplateLexer lexer = new GoTemplateLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    this.tokens = new CommonTokenStream(lexer);
  }

  /** The templates defined by {@code text}: the main one under {@code name}, then each define. */
  static Map<String, List<Node>> parse(String name, String text, Set<String> functions) {
    return new TemplateBuilder(name, text, functions).build();
  }

  private Map<String, List<Node>> build() {
    GoTemplateParser parser = new GoTemplateParser(tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(new BaseErrorListener() {
      @Override
      public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column,
          String msg, RecognitionException e) {
        throw error(((Token) offending).getLine(), describe((Token) offending));
      }
    });
    TemplateContext tree = parser.template();
    scopes.push(new ArrayList<>(List.of("$")));
    List<Node> main = list(tree.list());
    Map<String, List<Node>> all = new LinkedHashMap<>();
    all.put(name, main);
    all.putAll(defined);
    return all;
  }

  private String describe(Token t) {
    if (t.getType() == GoTemplateLexer.OPEN || t.getType() == GoTemplateLexer.OPEN_TRIM) {
      Token inside = next(t.getTokenIndex());
      if (inside != null) {
        t = inside; // the action's first token says what is wrong
      }
    }
    switch (t.getType()) {
      case GoTemplateLexer.BAD_COMMENT -> {
        return "comment ends before closing delimiter";
      }
      case GoTemplateLexer.UNEXPECTED -> {
        String c = t.getText();
        if (c.equals("\"") || c.equals("'")) {
          return c.equals("\"") ? "unterminated quoted string" : "unterminated character constant";
        }
        return String.format("bad character U+%04X '%s'", c.codePointAt(0), c);
      }
      case Token.EOF -> {
        Token before = previous(t.getTokenIndex());
        boolean inAction = before != null && before.getType() != GoTemplateLexer.TEXT
            && before.getType() != GoTemplateLexer.CLOSE
            && before.getType() != GoTemplateLexer.CLOSE_TRIM
            && before.getType() != GoTemplateLexer.COMMENT;
        return inAction ? "unclosed action" : "unexpected EOF";
      }
      case GoTemplateLexer.END, GoTemplateLexer.ELSE, GoTemplateLexer.BREAK,
          GoTemplateLexer.CONTINUE -> {
        return "unexpected {{" + t.getText() + "}}";
      }
      case GoTemplateLexer.CLOSE, GoTemplateLexer.CLOSE_TRIM -> {
        Token before = previous(t.getTokenIndex());
        return before != null && (before.getType() == GoTemplateLexer.IF
            || before.getType() == GoTemplateLexer.RANGE || before.getType() == GoTemplateLexer.WITH)
            ? "missing value for " + before.getText() : "missing value for command";
      }
      default -> {
        return "unexpected \"" + t.getText() + "\" in command";
      }
    }
  }

  private Token previous(int index) {
    for (int i = index - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        return t;
      }
    }
    return null;
  }

  private TemplateException error(int line, String message) {
    return new TemplateException("template: " + name + ":" + line + ": " + message);
  }

  private TemplateException error(Token at, String message) {
    return error(at.getLine(), message);
  }

  private List<Node> list(ListContext list) {
    List<Node> nodes = new ArrayList<>();
    for (ItemContext item : list.item()) {
      Node node = item(item);
      if (node != null) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  private List<Node> scoped(ListContext list) {
    scopes.push(new ArrayList<>());
    try {
      return list(list);
    } finally {
      scopes.pop();
    }
  }

  private Node item(ItemContext item) {
    int pos = item.getStart().getStartIndex();
    if (item instanceof TextContext t) {
      return new Node.Text(pos, trimmed(t.TEXT().getSymbol()));
    }
    if (item instanceof CommentContext) {
      return null;
    }
    if (item instanceof PipelineActionContext p) {
      return new Node.Action(pos, pipe(p.pipeline()));
    }
    if (item instanceof IfActionContext i) {
      scopes.push(new ArrayList<>());
      try {
        List<Node.Pipe> conditions = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        conditions.add(pipe(i.pipeline()));
        bodies.add(scoped(i.list()));
        for (ElseIfContext e : i.elseIf()) {
          conditions.add(pipe(e.pipeline()));
          bodies.add(scoped(e.list()));
        }
        return new Node.If(pos, conditions, bodies, otherwise(i.elseBranch()));
      } finally {
        scopes.pop();
      }
    }
    if (item instanceof RangeActionContext r) {
      scopes.push(new ArrayList<>());
      try {
        Node.Pipe pipe = pipe(r.pipeline());
        ranges++;
        List<Node> body;
        try {
          body = scoped(r.list());
        } finally {
          ranges--;
        }
        return new Node.Scope(pos, false, pipe, body, otherwise(r.elseBranch()));
      } finally {
        scopes.pop();
      }
    }
    if (item instanceof WithActionContext w) {
      scopes.push(new ArrayList<>());
      try {
        Node.Pipe pipe = pipe(w.pipeline());
        return new Node.Scope(pos, true, pipe, scoped(w.list()), otherwise(w.elseBranch()));
      } finally {
        scopes.pop();
      }
    }
    if (item instanceof DefineActionContext d) {
      defined.put(unquote(d.string().getStart()), body(d.list()));
      return null;
    }
    if (item instanceof BlockActionContext b) {
      String called = unquote(b.string().getStart());
      defined.put(called, body(b.list()));
      return new Node.Call(b.string().getStart().getStartIndex(), called, pipe(b.pipeline()));
    }
    if (item instanceof TemplateActionContext t) {
      return new Node.Call(t.string().getStart().getStartIndex(), unquote(t.string().getStart()),
          t.pipeline() == null ? null : pipe(t.pipeline()));
    }
    if (item instanceof BreakActionContext || item instanceof ContinueActionContext) {
      boolean isBreak = item instanceof BreakActionContext;
      if (ranges == 0) {
        throw error(item.getStart(),
            "{{" + (isBreak ? "break" : "continue") + "}} outside {{range}}");
      }
      return new Node.Jump(pos, isBreak);
    }
    throw new IllegalStateException("unknown item " + item.getClass());
  }

  /** A define's or block's body: its own variables ($ only) and no enclosing range. */
  private List<Node> body(ListContext list) {
    Deque<List<String>> saved = new ArrayDeque<>(scopes);
    int savedRanges = ranges;
    scopes.clear();
    scopes.push(new ArrayList<>(List.of("$")));
    ranges = 0;
    try {
      return list(list);
    } finally {
      scopes.clear();
      saved.descendingIterator().forEachRemaining(scopes::push);
      ranges = savedRanges;
    }
  }

  private List<Node> otherwise(ElseBranchContext e) {
    return e == null ? List.of() : scoped(e.list());
  }

  private String trimmed(Token token) {
    String s = token.getText();
    Token before = previous(token.getTokenIndex());
    if (before != null && (before.getType() == GoTemplateLexer.CLOSE_TRIM
        || before.getType() == GoTemplateLexer.COMMENT && before.getText().endsWith("-}}"))) {
      s = s.replaceFirst("^[ \\t\\r\\n]+", "");
    }
    Token after = next(token.getTokenIndex());
    if (after != null && (after.getType() == GoTemplateLexer.OPEN_TRIM
        || after.getType() == GoTemplateLexer.COMMENT && after.getText().startsWith("{{-"))) {
      s = s.replaceFirst("[ \\t\\r\\n]+$", "");
    }
    return s;
  }

  private Token next(int index) {
    for (int i = index + 1; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        return t;
      }
    }
    return null;
  }

  private Node.Pipe pipe(PipelineContext p) {
    List<Node.Command> commands = new ArrayList<>();
    for (CommandContext c : p.command()) {
      Node.Command command = command(c);
      if (!commands.isEmpty() && (command.args().get(0) instanceof Node.Literal
          || command.args().get(0) instanceof Node.Field f && f.names().isEmpty())) {
        throw error(c.getStart(), "non executable command in pipeline stage "
            + (commands.size() + 1));
      }
      commands.add(command);
    }
    List<String> variables = new ArrayList<>();
    boolean assign = false;
    DeclarationContext d = p.declaration();
    if (d != null) {
      assign = d.ASSIGN() != null;
      for (TerminalNode v : d.VARIABLE()) {
        String var = v.getText();
        if (var.contains(".")) {
          throw error(v.getSymbol(), "unexpected \""
              + (assign ? "=" : ":=") + "\" in operand");
        }
        if (assign) {
          requireVariable(v.getSymbol(), var);
        } else {
          scopes.peek().add(var);
        }
        variables.add(var);
      }
    }
    return new Node.Pipe(p.getStart().getStartIndex(), variables, assign, commands);
  }

  private Node.Command command(CommandContext c) {
    List<Node> args = new ArrayList<>();
    for (OperandContext o : c.operand()) {
      args.add(operand(o));
    }
    return new Node.Command(c.getStart().getStartIndex(), args);
  }

  private void requireVariable(Token at, String var) {
    for (List<String> scope : scopes) {
      if (scope.contains(var)) {
        return;
      }
    }
    throw error(at, "undefined variable \"" + var + "\"");
  }

  private Node operand(OperandContext o) {
    Token t = o.getStart();
    int pos = t.getStartIndex();
    String s = t.getText();
    switch (t.getType()) {
      case GoTemplateLexer.FIELD: {
        int second = s.indexOf('.', 1);
        return new Node.Field(second < 0 ? pos : pos + second, names(s.substring(1)));
      }
      case GoTemplateLexer.DOT:
        return new Node.Field(pos, List.of());
      case GoTemplateLexer.VARIABLE: {
        int dot = s.indexOf('.');
        String var = dot < 0 ? s : s.substring(0, dot);
        requireVariable(t, var);
        return new Node.Variable(dot < 0 ? pos : pos + dot, var,
            dot < 0 ? List.of() : names(s.substring(dot + 1)));
      }
      case GoTemplateLexer.IDENT:
        if (!functions.contains(s)) {
          throw error(t, "function \"" + s + "\" not defined");
        }
        return new Node.Identifier(pos, s);
      case GoTemplateLexer.STRING:
      case GoTemplateLexer.RAW_STRING:
        return new Node.Literal(pos, TextNode.valueOf(unquote(t)), s);
      case GoTemplateLexer.CHAR: {
        String c = GoStrings.unquote(s.substring(1, s.length() - 1), '\'');
        if (c == null || c.codePointCount(0, c.length()) != 1) {
          throw error(t, "malformed character constant: " + s);
        }
        return new Node.Literal(pos, IntNode.valueOf(c.codePointAt(0)), s);
      }
      case GoTemplateLexer.NUMBER:
        return new Node.Literal(pos, number(t), s);
      case GoTemplateLexer.TRUE:
      case GoTemplateLexer.FALSE:
        return new Node.Literal(pos, BooleanNode.valueOf(t.getType() == GoTemplateLexer.TRUE), s);
      case GoTemplateLexer.NIL:
        return new Node.Literal(pos, NullNode.getInstance(), s);
      case GoTemplateLexer.LPAREN: {
        Node.Pipe pipe = pipe(o.pipeline());
        String close = o.getStop().getText();
        return close.length() == 1 ? new Node.Chain(pos, pipe, List.of())
            : new Node.Chain(o.getStop().getStartIndex() + 1, pipe, names(close.substring(2)));
      }
      default:
        throw error(t, "unexpected \"" + s + "\" in operand");
    }
  }

  private static List<String> names(String chain) {
    return Arrays.asList(chain.split("\\."));
  }

  private String unquote(Token t) {
    String s = t.getText();
    if (s.startsWith("`")) {
      return s.substring(1, s.length() - 1);
    }
    String value = GoStrings.unquote(s.substring(1, s.length() - 1), '"');
    if (value == null) {
      throw error(t, "bad string syntax: " + s);
    }
    return value;
  }

  private JsonNode number(Token t) {
    String s = t.getText().replace("_", "");
    boolean negative = s.startsWith("-");
    String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    try {
      BigInteger integer = null;
      String lower = digits.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("0x")) {
        integer = new BigInteger(digits.substring(2), 16);
      } else if (lower.startsWith("0b")) {
        integer = new BigInteger(digits.substring(2), 2);
      } else if (lower.startsWith("0o")) {
        integer = new BigInteger(digits.substring(2), 8);
      } else if (digits.matches("0[0-7]+")) {
        integer = new BigInteger(digits.substring(1), 8);
      } else if (digits.matches("[0-9]+")) {
        integer = new BigInteger(digits);
      }
      if (integer != null) {
        if (negative) {
          integer = integer.negate();
        }
        if (integer.bitLength() < 64) {
          long v = integer.longValue();
          return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }
        throw error(t, "integer overflow: " + t.getText());
      }
      double d = new BigDecimal(digits).doubleValue();
      return DoubleNode.valueOf(negative ? -d : d);
    } catch (NumberFormatException e) {
      throw error(t, "bad number syntax: \"" + t.getText() + "\"");
    }
  }
}
