package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.Expander;
import dev.hoist.dockerfile.shell.ShellLexer;
import java.util.List;
import java.util.Map;

/** Expands words with the ShellLexer and one fixed set of variables. */
final class EnvironmentExpander implements Expander {
  private final ShellLexer lexer;
  private final Map<String, String> env;

  EnvironmentExpander(ShellLexer lexer, Map<String, String> env) {
    this.lexer = lexer;
    this.env = env;
  }

  @Override
  public String word(String word) {
    return lexer.processWord(word, env);
  }

  @Override
  public List<String> words(String words) {
    return lexer.processWords(words, env);
  }

  @Override
  public String heredocContent(String content) {
    return HEREDOC_LEXER.processWord(content, env);
  }

  private static final ShellLexer HEREDOC_LEXER = new ShellLexer('\\').withSkipProcessQuotes(true);
}
