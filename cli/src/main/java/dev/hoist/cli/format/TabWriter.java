package dev.hoist.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as docker's tables use it ({@code NewWriter(out, 10, 1, 3, ' ', 0)}):
 * tab-terminated cells are aligned in columns, a column's width being its widest cell plus
 * three spaces and at least ten; a column runs over consecutive lines that have a cell in it;
 * the text after a line's last tab is not aligned.
 */
final class TabWriter {
  private final int minWidth;
  private final int padding;
  private final List<String[]> lines = new ArrayList<>();
  private final List<Integer> widths = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();

  private TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** {@code text} aligned as docker's formatter's tabwriter writes it. */
  static String docker(String text) {
    return new TabWriter(10, 3).align(text);
  }

  /** {@code text} aligned with other widths ({@code docker top}: at least 20, padding 3). */
  static String aligned(String text, int minWidth, int padding) {
    return new TabWriter(minWidth, padding).align(text);
  }

  private String align(String text) {
    String[] raw = text.split("\n", -1);
    int n = raw.length;
    boolean endsWithNewline = text.endsWith("\n");
    if (endsWithNewline) {
      n--; // the empty line after the last newline
    }
    for (int i = 0; i < n; i++) {
      lines.add(raw[i].split("\t", -1));
    }
    format(0, lines.size());
    String result = out.toString();
    return endsWithNewline || result.isEmpty() ? result : result.substring(0, result.length() - 1);
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }

  private void format(int line0, int line1) {
    int column = widths.size();
    for (int at = line0; at < line1; at++) {
      if (column >= lines.get(at).length - 1) {
        continue;
      }
      writeLines(line0, at);
      line0 = at;
      int width = minWidth;
      for (; at < line1; at++) {
        String[] line = lines.get(at);
        if (column >= line.length - 1) {
          break;
        }
        width = Math.max(width, width(line[column]) + padding);
      }
      widths.add(width);
      format(line0, at);
      widths.remove(widths.size() - 1);
      line0 = at;
    }
    writeLines(line0, line1);
  }

  private void writeLines(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      String[] line = lines.get(i);
      for (int j = 0; j < line.length; j++) {
        out.append(line[j]);
        if (j < widths.size() && j < line.length - 1) {
          out.append(" ".repeat(widths.get(j) - width(line[j])));
        }
      }
      out.append('\n');
    }
  }
}
