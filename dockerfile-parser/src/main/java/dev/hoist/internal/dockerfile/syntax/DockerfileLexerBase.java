package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.grammar.DockerfileLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The state the Dockerfile lexer needs beyond its rules: the escape character set by a
 * directive, whether directives are still allowed, the text of the instruction being read
 * (to find the heredocs it opens) and the heredoc terminators still awaited.
 */
public abstract class DockerfileLexerBase extends Lexer {
  private static final List<String> KNOWN_DIRECTIVES = List.of("syntax", "escape", "check");

  private char escape = '\\';
  private boolean directivesAllowed = true;
  private int lastType = -1;
  private boolean inInstruction;
  private final InstructionText instructionText = new InstructionText();
  private String lastLine = "";
  private final Map<String, String> directives = new LinkedHashMap<>();
  private final Deque<HeredocMarker> awaitedHeredocs = new ArrayDeque<>();
  private final Map<Integer, List<HeredocMarker>> heredocsByLineEnd = new HashMap<>();
  private HeredocMarker openHeredoc;
  private int openHeredocLine;
  private int instructionLine;
  private Token queued;
  private String fileName;

  protected DockerfileLexerBase(CharStream input) {
    super(input);
  }

  /** The name used in error messages. */
  public void setFileName(String fileName) {
    this.fileName = fileName;
  }

  /** The parser directives read, by lower-case name, in order. */
  public Map<String, String> directives() {
    return directives;
  }

  /** The escape character in effect ({@code \} unless an escape directive changed it). */
  public char escapeCharacter() {
    return escape;
  }

  /** The heredocs opened by the instruction whose EOL token starts at this char index. */
  public List<HeredocMarker> heredocsEndingAt(int eolStartIndex) {
    return heredocsByLineEnd.getOrDefault(eolStartIndex, List.of());
  }

  @Override
  public Token nextToken() {
    if (queued != null) {
      Token t = queued;
      queued = null;
      return t;
    }
    Token t = super.nextToken();
    int type = t.getType();
    if (type == Token.EOF) {
      return atEndOfFile(t);
    }
    if (type == DockerfileLexer.TEXT) {
      String text = t.getText();
      instructionText.append(text);
    } else if (type == DockerfileLexer.EOL) {
      // the parser reads the joined instruction line from its EOL token
      ((CommonToken) t).setText(lastLine);
    }
    if (type != DockerfileLexer.DIRECTIVE
        && !(type == DockerfileLexer.LINE_END && lastType == DockerfileLexer.DIRECTIVE)) {
      directivesAllowed = false;
    }
    lastType = type;
    return t;
  }

  private Token atEndOfFile(Token eof) {
    if (_mode == DockerfileLexer.HEREDOC) {
      throw unterminatedHeredoc();
    }
    if (!inInstruction) {
      return eof;
    }
    // an instruction on the last line without a newline (or ending in a continuation)
    CommonToken eol = new CommonToken(_tokenFactorySourcePair, DockerfileLexer.EOL,
        Token.DEFAULT_CHANNEL, eof.getStartIndex(), eof.getStartIndex() - 1);
    eol.setLine(lastLineWithText());
    endInstruction();
    eol.setText(lastLine);
    if (_mode == DockerfileLexer.HEREDOC) {
      throw unterminatedHeredoc();
    }
    queued = eof;
    return eol;
  }

  private int lastLineWithText() {
    int end = _input.size();
    boolean endsWithNewline = end > 0 && _input.getText(Interval.of(end - 1, end - 1))
        .equals("\n");
    return endsWithNewline ? getLine() - 1 : getLine();
  }

  protected void startInstruction() {
    inInstruction = true;
    instructionLine = _tokenStartLine;
    instructionText.clear();
  }

  protected void onDirective() {
    if (!directivesAllowed) {
      // after the first non-directive line, "# name=value" is an ordinary comment
      setType(DockerfileLexer.COMMENT);
      setChannel(Token.HIDDEN_CHANNEL);
      return;
    }
    String text = getText();
    int eq = text.indexOf('=');
    String name = text.substring(text.indexOf('#') + 1, eq).strip().toLowerCase(Locale.ROOT);
    String value = directiveValue(text.substring(eq + 1));
    if (!KNOWN_DIRECTIVES.contains(name) || value.isEmpty()) {
      // not a directive: an ordinary comment, which ends the directives
      setType(DockerfileLexer.COMMENT);
      setChannel(Token.HIDDEN_CHANNEL);
      directivesAllowed = false;
      return;
    }
    if (directives.containsKey(name)) {
      throw new DockerfileException(fileName, getLine(), 1,
          "only one " + name + " parser directive can be used");
    }
    if (name.equals("escape")) {
      if (!value.equals("\\") && !value.equals("`")) {
        throw new DockerfileException(fileName, getLine(), 1,
            "invalid escape token '" + value + "' does not match ` or \\");
      }
      escape = value.charAt(0);
      if (escape == '`') {
        mode(DockerfileLexer.LINE_START_BACKTICK);
      }
    }
    directives.put(name, value);
  }

  /**
   * The value as BuildKit's {@code =\s*(.+?)\s*$} captures it: trimmed, except that a value of
   * blanks only keeps its last blank (so {@code # escape= } is an invalid escape, not a comment).
   */
  private static String directiveValue(String raw) {
    int end = raw.length();
    while (end > 0 && (raw.charAt(end - 1) == '\r')) {
      end--;
    }
    String value = raw.substring(0, end).strip();
    if (value.isEmpty() && end > 0) {
      return raw.substring(end - 1, end);
    }
    return value;
  }

  protected void endInstruction() {
    inInstruction = false;
    lastLine = instructionText.joined();
    List<HeredocMarker> markers;
    try {
      markers = HeredocFinder.find(lastLine);
    } catch (DockerfileException e) {
      throw e.at(fileName, instructionLine, 1);
    }
    if (markers.isEmpty()) {
      popMode();
      return;
    }
    heredocsByLineEnd.put(_tokenStartCharIndex, markers);
    awaitedHeredocs.addAll(markers);
    openHeredoc = awaitedHeredocs.poll();
    openHeredocLine = instructionLine;
    mode(DockerfileLexer.HEREDOC);
  }

  protected void onHeredocLine() {
    String line = getText();
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    int start = 0;
    if (openHeredoc.chomp()) {
      while (start < end && line.charAt(start) == '\t') {
        start++;
      }
    }
    if (!line.regionMatches(start, openHeredoc.name(), 0, end - start)
        || openHeredoc.name().length() != end - start) {
      return;
    }
    setType(DockerfileLexer.HEREDOC_END);
    openHeredoc = awaitedHeredocs.poll();
    if (openHeredoc == null) {
      popMode();
    }
  }

  private DockerfileException unterminatedHeredoc() {
    return new DockerfileException(fileName, openHeredocLine, 0,
        "unterminated heredoc: no line '" + openHeredoc.name() + "' ends the heredoc "
            + "opened here");
  }

  /** The text of the instruction being read; most instructions are one TEXT token long. */
  private static final class InstructionText {
    private String first;
    private StringBuilder rest;

    void clear() {
      first = null;
      rest = null;
    }

    void append(String text) {
      if (first == null) {
        first = text;
      } else {
        if (rest == null) {
          rest = new StringBuilder(first);
        }
        rest.append(text);
      }
    }

    String joined() {
      return rest != null ? rest.toString() : first != null ? first : "";
    }
  }
}
