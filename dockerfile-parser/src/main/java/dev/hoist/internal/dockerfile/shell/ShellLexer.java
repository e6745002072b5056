package dev.hoist.internal.dockerfile.shell;

import dev.hoist.dockerfile.DockerfileException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shell-word processing for Dockerfile instructions, reproducing BuildKit's {@code shell.Lex}
 * ({@code frontend/dockerfile/shell/lex.go}): quote removal, escapes and parameter expansion.
 *
 * <p>Supported syntax, exactly as BuildKit treats it:
 *
 * <ul>
 *   <li>{@code 'single quotes'}: literal text, no escapes inside;
 *   <li>{@code "double quotes"}: literal text except {@code $} expansions; the escape character
 *       escapes only {@code "}, {@code $} and itself and is kept before anything else;
 *   <li>the escape character ({@code \} or {@code `}) outside quotes makes the next character
 *       literal; at the very end of the word it is dropped;
 *   <li>{@code $VAR} and {@code ${VAR}}; {@code $1}, {@code $@}, {@code $#} and the other
 *       positional and special parameters are accepted and are unset unless the environment
 *       defines them; a {@code $} not followed by a name is literal;
 *   <li>{@code ${VAR:-w} ${VAR-w} ${VAR:+w} ${VAR+w} ${VAR:?w} ${VAR?w}}, where the word {@code
 *       w} may itself contain quotes and expansions;
 *   <li>{@code ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p} ${VAR/p/r} ${VAR//p/r}}, where {@code p} is a
 *       pattern with {@code *} and {@code ?} wildcards and backslash escapes (BuildKit supports
 *       no bracket expressions: {@code [} is literal).
 * </ul>
 *
 * <p>Errors are reported as {@link DockerfileException} with the message {@code failed to process
 * "<word>": <reason>}, the reasons worded as in BuildKit
 * (<code>syntax error: missing '&#125;'</code>, {@code syntax error: bad substitution},
 * {@code unsupported modifier (:=) in substitution}, {@code VAR: is not allowed to be unset},
 * ...).
 *
 * <p>Instances are immutable and thread-safe; the {@code with...} methods return modified copies.
 * Variable names are compared case-sensitively (BuildKit on Unix).
 */
public final class ShellLexer {
  /** The longest value one word may expand to: 1 MiB of characters. */
  public static final int MAX_EXPANDED_LENGTH = 1 << 20;

  private final char escapeToken;
  private final boolean rawQuotes;
  private final boolean rawEscapes;
  private final boolean skipUnsetEnv;
  private final boolean skipProcessQuotes;

  /**
   * A lexer with the given escape character and all options off.
   *
   * @param escapeToken the Dockerfile escape character, {@code '\\'} (the default) or {@code '`'}
   */
  public ShellLexer(char escapeToken) {
    this(escapeToken, false, false, false, false);
  }

  private ShellLexer(char escapeToken, boolean rawQuotes, boolean rawEscapes, boolean skipUnset,
      boolean skipProcessQuotes) {
    if (escapeToken != '\\' && escapeToken != '`') {
      throw new IllegalArgumentException(
          "escape token must be '\\' or '`', not '" + escapeToken + "'");
    }
    this.escapeToken = escapeToken;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.skipUnsetEnv = skipUnset;
    this.skipProcessQuotes = skipProcessQuotes;
  }

  /**
   * Expands one word: quotes are removed, escapes applied and variables substituted; whitespace
   * is kept and nothing is split.
   *
   * @param word the text as written in the Dockerfile
   * @param env the variables in scope; a key mapped to "" (or null) is set but empty
   * @return the expanded word
   * @throws DockerfileException if the word is malformed or a {@code ${VAR?msg}} check fails
   */
  public String processWord(String word, Map<String, String> env) {
    if (isPlain(word)) {
      return word;
    }
    return run(word, env, null).result;
  }

  /**
   * Expands and splits a string into words the way BuildKit's {@code ProcessWords} does:
   * unquoted whitespace separates words, including whitespace inside the value of an unquoted
   * variable, while quoted or escaped whitespace is kept. Only non-empty words are returned, so
   * an empty quoted string {@code ""} on its own produces no word.
   *
   * @param words the text as written in the Dockerfile
   * @param env the variables in scope
   * @return the words, possibly empty; the list is unmodifiable
   * @throws DockerfileException if the text is malformed or a {@code ${VAR?msg}} check fails
   */
  public List<String> processWords(String words, Map<String, String> env) {
    WordSplitter splitter = new WordSplitter();
    if (isPlain(words)) {
      splitter.addString(words);
    } else {
      run(words, env, splitter);
    }
    return List.copyOf(splitter.finish());
  }

  /**
   * Expands one word like {@link #processWord} and also reports which variables it referenced,
   * as BuildKit's {@code ProcessWordWithMatches} does for cache keys and linting.
   *
   * @param word the text as written in the Dockerfile
   * @param env the variables in scope
   * @return the expanded word with the referenced names that were set and those that were not
   * @throws DockerfileException if the word is malformed or a {@code ${VAR?msg}} check fails
   */
  public Expansion processWordWithMatches(String word, Map<String, String> env) {
    Outcome outcome = run(word, env, null);
    return new Expansion(
        outcome.result, outcome.expander.matched(), outcome.expander.unmatched());
  }

  /**
   * A copy that keeps quote characters in the output (BuildKit's {@code RawQuotes}); quoting
   * still controls escapes, expansion and splitting.
   */
  public ShellLexer withRawQuotes(boolean enabled) {
    return new ShellLexer(escapeToken, enabled, rawEscapes, skipUnsetEnv, skipProcessQuotes);
  }

  /**
   * A copy that keeps escape characters in the output (BuildKit's {@code RawEscapes}); escaping
   * still protects the next character.
   */
  public ShellLexer withRawEscapes(boolean enabled) {
    return new ShellLexer(escapeToken, rawQuotes, enabled, skipUnsetEnv, skipProcessQuotes);
  }

  /**
   * A copy that leaves references to unset variables as written, {@code $VAR}, {@code ${VAR}} or
   * {@code ${VAR:-word}} (with the word expanded), instead of expanding them (BuildKit's {@code
   * SkipUnsetEnv}).
   */
  public ShellLexer withSkipUnsetEnv(boolean enabled) {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, enabled, skipProcessQuotes);
  }

  /**
   * A copy for which quotes are ordinary characters: {@code '$X'} still expands X (BuildKit's
   * {@code SkipProcessQuotes}, used for the bodies of COPY and ADD heredocs).
   */
  public ShellLexer withSkipProcessQuotes(boolean enabled) {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, skipUnsetEnv, enabled);
  }

  boolean skipProcessQuotes() {
    return skipProcessQuotes;
  }

  /** The escape character, {@code '\\'} or {@code '`'}. */
  public char escapeToken() {
    return escapeToken;
  }

  boolean rawQuotes() {
    return rawQuotes;
  }

  boolean rawEscapes() {
    return rawEscapes;
  }

  boolean skipUnsetEnv() {
    return skipUnsetEnv;
  }

  /**
   * Whether the text has nothing to process: no quote, no {@code $}, no escape character and no
   * leading byte-order mark. Most words in a Dockerfile are like this and need no copy.
   */
  private boolean isPlain(String text) {
    Objects.requireNonNull(text, "word");
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' || c == '\'' || c == '"' || c == escapeToken) {
        return false;
      }
    }
    return true;
  }

  private Outcome run(String word, Map<String, String> env, WordSplitter splitter) {
    Objects.requireNonNull(word, "word");
    Objects.requireNonNull(env, "env");
    WordExpander expander = new WordExpander(this, word, env);
    try {
      return new Outcome(expander.expandAll(splitter), expander);
    } catch (ExpansionError e) {
      throw new DockerfileException("failed to process " + quote(word) + ": " + e.getMessage());
    }
  }

  /** The word in double quotes with quotes, backslashes and control characters escaped. */
  private static String quote(String word) {
    StringBuilder out = new StringBuilder(word.length() + 2).append('"');
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      switch (c) {
        case '"':
        case '\\':
          out.append('\\').append(c);
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return "ShellLexer[escapeToken="
        + escapeToken
        + ", rawQuotes="
        + rawQuotes
        + ", rawEscapes="
        + rawEscapes
        + ", skipUnsetEnv="
        + skipUnsetEnv
        + "]";
  }

  private record Outcome(String result, WordExpander expander) {}
}
