package queue.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned text columns, right-aligned number columns. */
public final class Table {
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
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println(format(headers.toArray(new String[0]), widths));
    for (String[] row : rows) {
      out.println(format(row, widths));
    }
  }

  private String format(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[i] - cells[i].length());
      boolean last = i == cells.length - 1;
      if (numeric[i]) {
        line.append(pad).append(cells[i]);
      } else {
        line.append(cells[i]).append(last ? "" : pad);
      }
    }
    return line.toString();
  }
}
