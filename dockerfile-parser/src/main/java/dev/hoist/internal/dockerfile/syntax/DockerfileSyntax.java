package dev.hoist.internal.dockerfile.syntax;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import dev.hoist.internal.dockerfile.grammar.DockerfileLexer;
import dev.hoist.internal.dockerfile.grammar.DockerfileParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Reads a Dockerfile's text into its {@link SyntaxTree}: the grammar finds directives,
 * instructions (continuations joined) and heredoc bodies; {@link InstructionReader} gives each
 * instruction its flags and arguments. Every problem is a {@link DockerfileException} naming
 * the file, line and column.
 */
public final class DockerfileSyntax {
  private DockerfileSyntax() {}

  /** Parses {@code text}; {@code fileName} is only used in messages. */
  public static SyntaxTree parse(String text, String fileName) {
    // every line ends with a newline, so the grammar needs no end-of-file variants
    String input = text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    DockerfileLexer lexer = new DockerfileLexer(CharStreams.fromString(input, fileName));
    lexer.setFileName(fileName);
    lexer.removeErrorListeners();
    lexer.addErrorListener(new Thrower(fileName));
    DockerfileParser parser = new DockerfileParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(new Thrower(fileName));
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);

    DockerfileParser.DockerfileContext file;
    try {
      file = parser.dockerfile();
    } catch (DockerfileException e) {
      throw e.at(fileName, 0, 0);
    }
    InstructionReader reader = new InstructionReader(lexer.escapeCharacter());
    List<RawInstruction> instructions = new ArrayList<>();
    for (DockerfileParser.InstructionContext instruction : file.instruction()) {
      try {
        instructions.add(read(reader, lexer, instruction));
      } catch (DockerfileException e) {
        throw e.at(fileName, instruction.start.getLine(), 1);
      }
    }
    if (instructions.isEmpty()) {
      throw new DockerfileException(fileName, lineCount(text), 0,
          "the Dockerfile has no instructions (it is empty or holds only comments)");
    }
    return new SyntaxTree(fileName, lexer.directives(), lexer.escapeCharacter(), instructions);
  }

  private static RawInstruction read(InstructionReader reader, DockerfileLexer lexer,
      DockerfileParser.InstructionContext instruction) {
    // the lexer leaves the joined line (continuations removed) in the EOL token's text
    Token eol = instruction.EOL().getSymbol();
    String line = eol.getText();
    List<Heredoc> heredocs = new ArrayList<>();
    int endLine = eol.getLine();
    List<DockerfileParser.HeredocContext> bodies = instruction.heredoc();
    if (!bodies.isEmpty()) {
      List<HeredocMarker> markers = lexer.heredocsEndingAt(eol.getStartIndex());
      for (int i = 0; i < bodies.size(); i++) {
        DockerfileParser.HeredocContext body = bodies.get(i);
        heredocs.add(markers.get(i).withContent(content(body)));
        endLine = body.HEREDOC_END().getSymbol().getLine();
      }
    }
    Token first = instruction.start;
    String firstText = first.getText();
    int blanks = 0;
    while (blanks < firstText.length() && Character.isWhitespace(firstText.charAt(blanks))) {
      blanks++;
    }
    int column = first.getCharPositionInLine() + blanks + 1;
    return reader.read(line, heredocs, first.getLine(), endLine, column);
  }

  private static int lineCount(String text) {
    int lines = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines++;
      }
    }
    return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
  }

  private static String content(DockerfileParser.HeredocContext body) {
    StringBuilder content = new StringBuilder();
    // lines keep their own endings (CRLF stays CRLF), as BuildKit keeps them
    for (TerminalNode node : body.HEREDOC_LINE()) {
      content.append(node.getText());
    }
    return content.toString();
  }

  /** Turns ANTLR's syntax errors into DockerfileExceptions. */
  private static final class Thrower extends BaseErrorListener {
    private final String fileName;

    Thrower(String fileName) {
      this.fileName = fileName;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
        int charPositionInLine, String msg, RecognitionException e) {
      throw new DockerfileException(fileName, line, charPositionInLine + 1, msg);
    }
  }
}
