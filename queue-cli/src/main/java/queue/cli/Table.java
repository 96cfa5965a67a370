package queue.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: left-aligned text columns, right-aligned number columns; optionally no wider
 * than a given width, by shortening the last column.
 */
public final class Table {
  private static final String GAP = "  ";
  private static final String ELLIPSIS = "...";

  private final List<String> headers;
  private final boolean[] numeric;
  private final List<String[]> rows = new ArrayList<>();

  /** Headers ending in '#' mark numeric columns; the '#' is not printed. */
  public Table(String... headers) {
    this.headers = new ArrayList<>(headers.length);
    this.numeric = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      numeric[i] = headers[i].endsWith("#");
      this.headers.add(numeric[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
    }
  }

  public Table row(Object... cells) {
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  public void print(PrintWriter out) {
    print(out, Integer.MAX_VALUE);
  }

  /** Prints the table, shortening the last column's cells so that no line is over {@code max}. */
  public void print(PrintWriter out, int max) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    int last = widths.length - 1;
    int before = 0;
    for (int i = 0; i < last; i++) {
      before += widths[i] + GAP.length();
    }
    int room = Math.max(headers.get(last).length(), max - before);
    out.println(format(headers.toArray(new String[0]), widths, room));
    for (String[] row : rows) {
      out.println(format(row, widths, room));
    }
  }

  private String format(String[] cells, int[] widths, int lastRoom) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(GAP);
      }
      boolean last = i == cells.length - 1;
      String cell = last ? shorten(cells[i], lastRoom) : cells[i];
      String pad = " ".repeat(Math.max(0, widths[i] - cell.length()));
      if (numeric[i]) {
        line.append(pad).append(cell);
      } else {
        line.append(cell).append(last ? "" : pad);
      }
    }
    return line.toString().stripTrailing();
  }

  /** {@code text} cut to at most {@code width} characters, marked by "..." where it was cut. */
  public static String shorten(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    return width <= ELLIPSIS.length()
        ? text.substring(0, width)
        : text.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
  }
}
