package dev.hoist.internal.dockerfile.shell;

import static dev.hoist.internal.dockerfile.shell.CodePointCursor.EOF;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of one expansion: a cursor over the word, the environment and the variables looked
 * up so far. It follows BuildKit's {@code shellWord} step by step; one instance serves one call
 * and is then discarded, which is what makes {@link ShellLexer} thread-safe.
 */
final class WordExpander {
  private final ShellLexer options;
  private final Map<String, String> env;
  private final CodePointCursor cursor;
  private final Set<String> matched = new LinkedHashSet<>();
  private final Set<String> unmatched = new LinkedHashSet<>();

  WordExpander(ShellLexer options, String word, Map<String, String> env) {
    this.options = options;
    this.env = env;
    this.cursor = new CodePointCursor(word);
  }

  Set<String> matched() {
    return matched;
  }

  Set<String> unmatched() {
    return unmatched;
  }

  /** Expands the whole word; when {@code words} is not null it also receives the split words. */
  String expandAll(WordSplitter words) {
    return expandUntil(EOF, options.rawEscapes(), words);
  }

  /**
   * Expands up to (and consuming) {@code stopChar}, or to the end of input when it is EOF.
   *
   * @param rawEscapes keep escape characters in the result (BuildKit forces this on for patterns)
   * @param words receives the split words, or null when nobody needs them
   */
  private String expandUntil(int stopChar, boolean rawEscapes, WordSplitter words) {
    StringBuilder result = new StringBuilder();
    while (!cursor.atEnd()) {
      int ch = cursor.peek();
      if (stopChar != EOF && ch == stopChar) {
        cursor.next();
        return result.toString();
      }
      if (ch == '$') {
        String value = expandDollar();
        limit(result.append(value));
        if (words != null) {
          words.addString(value);
        }
      } else if ((ch == '\'' || ch == '"') && !options.skipProcessQuotes()) {
        String quoted = ch == '\'' ? singleQuoted() : doubleQuoted(rawEscapes);
        limit(result.append(quoted));
        if (words != null) {
          words.addRawString(quoted);
        }
      } else {
        cursor.next();
        if (ch == options.escapeToken()) {
          if (rawEscapes) {
            result.appendCodePoint(ch);
            if (words != null) {
              words.addRawChar(ch);
            }
          }
          ch = cursor.next();
          if (ch == EOF) {
            break; // an escape at the very end is dropped
          }
          if (words != null) {
            words.addRawChar(ch);
          }
        } else if (words != null) {
          words.addChar(ch);
        }
        result.appendCodePoint(ch);
      }
    }
    if (stopChar != EOF) {
      throw new ExpansionError(
          "unexpected end of statement while looking for matching " + ShellChars.toText(stopChar));
    }
    return result.toString();
  }

  /**
   * Stops a word whose expansion outgrows {@link ShellLexer#MAX_EXPANDED_LENGTH} (ARGs that double
   * themselves would otherwise grow until the JVM runs out of memory).
   */
  private static void limit(StringBuilder result) {
    if (result.length() > ShellLexer.MAX_EXPANDED_LENGTH) {
      throw new ExpansionError("the expanded value is longer than "
          + ShellLexer.MAX_EXPANDED_LENGTH + " characters, the limit of one word");
    }
  }

  /** Text between single quotes is literal; a single quote cannot be escaped inside. */
  private String singleQuoted() {
    StringBuilder result = new StringBuilder();
    int quote = cursor.next();
    if (options.rawQuotes()) {
      result.appendCodePoint(quote);
    }
    while (true) {
      int ch = cursor.next();
      if (ch == EOF) {
        throw new ExpansionError(
            "unexpected end of statement while looking for matching single-quote");
      }
      if (ch == '\'') {
        if (options.rawQuotes()) {
          result.appendCodePoint(ch);
        }
        return result.toString();
      }
      result.appendCodePoint(ch);
    }
  }

  /**
   * Text between double quotes is literal except for {@code $} expansions and the escape
   * character, which only escapes {@code "}, {@code $} and itself and is otherwise kept.
   */
  private String doubleQuoted(boolean rawEscapes) {
    StringBuilder result = new StringBuilder();
    int quote = cursor.next();
    if (options.rawQuotes()) {
      result.appendCodePoint(quote);
    }
    while (true) {
      int peeked = cursor.peek();
      if (peeked == EOF) {
        throw new ExpansionError(
            "unexpected end of statement while looking for matching double-quote");
      }
      if (peeked == '"') {
        cursor.next();
        if (options.rawQuotes()) {
          result.append('"');
        }
        return result.toString();
      }
      if (peeked == '$') {
        limit(result.append(expandDollar()));
        continue;
      }
      int ch = cursor.next();
      if (ch == options.escapeToken()) {
        if (rawEscapes) {
          result.appendCodePoint(ch);
        }
        int escaped = cursor.peek();
        if (escaped == EOF) {
          continue; // dropped; the loop then reports the missing quote
        }
        if (escaped == '"' || escaped == '$' || escaped == options.escapeToken()) {
          ch = cursor.next();
        }
      }
      result.appendCodePoint(ch);
    }
  }

  /** Expands {@code $name}, {@code ${name}} or {@code ${name<modifier>...}} at the cursor. */
  private String expandDollar() {
    cursor.next(); // '$'
    if (cursor.peek() != '{') {
      String name = readName();
      if (name.isEmpty()) {
        return "$";
      }
      String value = lookup(name);
      if (value == null) {
        return options.skipUnsetEnv() ? "$" + name : "";
      }
      return value;
    }
    cursor.next(); // '{'
    int first = cursor.peek();
    if (first == EOF) {
      throw new ExpansionError("syntax error: missing '}'");
    }
    if (first == '{' || first == '}' || first == ':') {
      throw new ExpansionError("syntax error: bad substitution");
    }
    String name = readName();
    int ch = cursor.next();
    switch (ch) {
      case '}':
        {
          String value = lookup(name);
          if (value == null) {
            return options.skipUnsetEnv() ? "${" + name + "}" : "";
          }
          return value;
        }
      case ':':
        {
          int modifier = cursor.next();
          return expandModifier(
              name, modifier, ":" + ShellChars.toText(modifier), /* nullIsUnset= */ true);
        }
      case '+':
      case '-':
      case '?':
      case '#':
      case '%':
        return expandModifier(name, ch, ShellChars.toText(ch), /* nullIsUnset= */ false);
      case '/':
        return expandReplacement(name);
      case EOF:
        throw new ExpansionError("syntax error: missing '}'");
      default:
        throw unsupportedModifier(ShellChars.toText(ch));
    }
  }

  /**
   * The {@code ${name[:]op word}} forms. As in BuildKit the word is expanded before the variable
   * is looked up, and any character after {@code :} is accepted here and rejected afterwards, so
   * with SkipUnsetEnv an unset variable keeps even an unsupported form as written.
   */
  private String expandModifier(String name, int modifier, String spelled, boolean nullIsUnset) {
    boolean pattern = modifier == '#' || modifier == '%';
    String word = expandWordUntilBrace(pattern);
    String value = lookup(name);
    if (value == null && options.skipUnsetEnv()) {
      return "${" + name + spelled + word + "}";
    }
    boolean unsetOrNull = value == null || (nullIsUnset && value.isEmpty());
    switch (modifier) {
      case '-':
        return unsetOrNull ? word : value;
      case '+':
        return unsetOrNull ? "" : word;
      case '?':
        if (value == null) {
          throw requiredVariable(name, word, "is not allowed to be unset");
        }
        if (unsetOrNull) {
          throw requiredVariable(name, word, "is not allowed to be empty");
        }
        return value;
      case '#':
      case '%':
        {
          String subject = value == null ? "" : value;
          boolean greedy = !word.isEmpty() && word.charAt(0) == modifier;
          String trimmed = greedy ? word.substring(1) : word;
          return modifier == '%'
              ? PatternSubstitution.trimSuffix(trimmed, subject, greedy)
              : PatternSubstitution.trimPrefix(trimmed, subject, greedy);
        }
      default:
        throw unsupportedModifier(spelled);
    }
  }

  /** The {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}} forms. */
  private String expandReplacement(String name) {
    boolean all = cursor.peek() == '/';
    if (all) {
      cursor.next();
    }
    String pattern;
    try {
      pattern = expandUntil('/', true, null);
    } catch (ExpansionError e) {
      if (cursor.atEnd()) {
        throw new ExpansionError("syntax error: missing '/' in ${}");
      }
      throw e;
    }
    String replacement = expandWordUntilBrace(true);
    String value = lookup(name);
    if (value == null && options.skipUnsetEnv()) {
      return "${" + name + "/" + pattern + "/" + replacement + "}";
    }
    return PatternSubstitution.replace(pattern, value == null ? "" : value, replacement, all);
  }

  /** Expands the word part of a modifier up to its closing brace. */
  private String expandWordUntilBrace(boolean rawEscapes) {
    try {
      return expandUntil('}', rawEscapes, null);
    } catch (ExpansionError e) {
      if (cursor.atEnd()) {
        throw new ExpansionError("syntax error: missing '}'");
      }
      throw e;
    }
  }

  /**
   * Reads a variable name: a run of digits (a positional parameter), a single special parameter,
   * or letters, digits and underscores. Returns "" when none is present.
   */
  private String readName() {
    int first = cursor.peek();
    if (first == EOF) {
      return "";
    }
    if (ShellChars.isDigit(first)) {
      StringBuilder digits = new StringBuilder();
      while (!cursor.atEnd() && ShellChars.isDigit(cursor.peek())) {
        digits.appendCodePoint(cursor.next());
      }
      return digits.toString();
    }
    if (ShellChars.isSpecialParameter(first)) {
      return ShellChars.toText(cursor.next());
    }
    StringBuilder name = new StringBuilder();
    while (!cursor.atEnd() && ShellChars.isNameChar(cursor.peek())) {
      name.appendCodePoint(cursor.next());
    }
    return name.toString();
  }

  /** The variable's value, or null when unset; records the name as matched or unmatched. */
  private String lookup(String name) {
    String value = env.get(name);
    if (value == null && !env.containsKey(name)) {
      unmatched.add(name);
      return null;
    }
    matched.add(name);
    return value == null ? "" : value;
  }

  /** The error of a failed {@code ${name?word}} check: the word, or a default explanation. */
  private static ExpansionError requiredVariable(String name, String word, String fallback) {
    return new ExpansionError(name + ": " + (word.isEmpty() ? fallback : word));
  }

  private static ExpansionError unsupportedModifier(String spelled) {
    return new ExpansionError("unsupported modifier (" + spelled + ") in substitution");
  }
}
