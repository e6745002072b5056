package dev.hoist.internal.dockerfile.shell;

/**
 * Expands a replacement the way Go's {@code Regexp.ReplaceAllString} does, which BuildKit uses
 * for {@code ${VAR//p/r}}: {@code $$} is a dollar, {@code $name} or {@code ${name}} names a
 * capture group. BuildKit's patterns have only group 0 (the whole match), so {@code $0} and
 * {@code ${0}} insert the match and any other well-formed reference inserts nothing; a malformed
 * one leaves the {@code $} as is.
 */
final class GoReplacementTemplate {
  private GoReplacementTemplate() {}

  static void expand(StringBuilder out, String template, String match) {
    int i = 0;
    int length = template.length();
    while (i < length) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < length && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      int referenceEnd = referenceEnd(template, i);
      if (referenceEnd < 0) {
        out.append('$');
        continue;
      }
      if (isGroupZero(template, i, referenceEnd)) {
        out.append(match);
      }
      i = referenceEnd;
    }
    out.append(template, i, length);
  }

  /** The index after a reference starting at {@code start}, or -1 if there is none. */
  private static int referenceEnd(String template, int start) {
    boolean brace = start < template.length() && template.charAt(start) == '{';
    int nameStart = brace ? start + 1 : start;
    int nameEnd = nameStart;
    while (nameEnd < template.length()) {
      int cp = template.codePointAt(nameEnd);
      if (!ShellChars.isNameChar(cp)) {
        break;
      }
      nameEnd += Character.charCount(cp);
    }
    if (nameEnd == nameStart) {
      return -1;
    }
    if (brace) {
      if (nameEnd >= template.length() || template.charAt(nameEnd) != '}') {
        return -1;
      }
      return nameEnd + 1;
    }
    return nameEnd;
  }

  /** Whether the reference's name is exactly the group number 0 (Go rejects leading zeros). */
  private static boolean isGroupZero(String template, int start, int end) {
    int nameStart = template.charAt(start) == '{' ? start + 1 : start;
    int nameEnd = template.charAt(end - 1) == '}' && nameStart != start ? end - 1 : end;
    return nameEnd - nameStart == 1 && template.charAt(nameStart) == '0';
  }
}
