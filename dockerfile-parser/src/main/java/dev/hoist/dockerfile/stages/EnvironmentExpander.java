package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.instructions.Expander;
import dev.hoist.internal.dockerfile.shell.ShellLexer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Expands words with the ShellLexer and one set of variables, built only when a word needs it
 * (most instructions expand nothing, or only words without variables).
 */
final class EnvironmentExpander implements Expander {
  private final ShellLexer lexer;
  private final Supplier<Map<String, String>> scope;
  private Map<String, String> env;

  EnvironmentExpander(ShellLexer lexer, Map<String, String> env) {
    this(lexer, () -> env);
  }

  EnvironmentExpander(ShellLexer lexer, Supplier<Map<String, String>> scope) {
    this.lexer = lexer;
    this.scope = scope;
  }

  private Map<String, String> env() {
    if (env == null) {
      env = scope.get();
    }
    return env;
  }

  @Override
  public String word(String word) {
    return lexer.processWord(word, env());
  }

  @Override
  public List<String> words(String words) {
    return lexer.processWords(words, env());
  }

  @Override
  public String heredocContent(String content) {
    return HEREDOC_LEXER.processWord(content, env());
  }

  private static final ShellLexer HEREDOC_LEXER = new ShellLexer('\\').withSkipProcessQuotes(true);
}
