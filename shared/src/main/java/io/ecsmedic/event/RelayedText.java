package io.ecsmedic.event;

/**
 * Undoes what relaying does to an ECS message before any rule reads it, so that a phrase matches
 * however the text reached us: pasted from a terminal, quoted inside CloudFormation / CDK /
 * Terraform / CI output, or JSON-escaped inside another JSON document.
 *
 * <p>One pass over the text, in linear time, in this order:
 *
 * <ol>
 *   <li>JSON string escapes are undone ({@code \"}, {@code \n}, {@code \t}, {@code \\}, {@code
 *       \u001b}), twice-escaped text included;
 *   <li>terminal escape sequences (colours) and control characters go;
 *   <li>each line loses its tool prefix: box-drawing and status glyphs ({@code │ ✘ ▶ ❌}), quote
 *       markers, a leading timestamp, GitHub's {@code ##[error]};
 *   <li>lines are joined with one space, Markdown code quotes ({@code `}) become spaces and runs of
 *       white space fold into one.
 * </ol>
 *
 * <p>A line broken in the middle of a word ({@code "…manifest has been retri\n eved"}) becomes
 * {@code "retri eved"}; the phrase matcher skips white space, so it still reads as "retrieved".
 * Text that needs none of this is returned as it is, without copying. See docs/accuracy.md.
 */
public final class RelayedText {
  private RelayedText() {}

  /** The text as a rule should read it. */
  public static String clean(String s) {
    if (isPlain(s)) {
      return s;
    }
    String text = s;
    for (int round = 0; round < 2 && text.indexOf('\\') >= 0; round++) {
      text = unescape(text);
    }
    return joinLines(text);
  }

  /** True when no step would change the text: the common case of a one-line stoppedReason. */
  private static boolean isPlain(String s) {
    if (s.isEmpty()) {
      return true;
    }
    char first = s.charAt(0);
    if (first == ' ' || first == '#' || first == '>' || first == '|' || Character.isDigit(first)) {
      return false; // indentation or a line prefix to strip
    }
    char previous = 'x';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' '
          || c == '\\'
          || c == '`'
          || (c >= '\u2018' && c <= '\u201d')
          || (c >= 0x7f && isNoise(c))
          || (c == ' ' && previous == ' ')) {
        return false;
      }
      previous = c;
    }
    return s.charAt(s.length() - 1) != ' ';
  }

  /** JSON string escapes; an unknown escape keeps its backslash. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == n) {
        b.append(c);
        continue;
      }
      char e = s.charAt(i + 1);
      switch (e) {
        case 'n', 'r' -> b.append('\n');
        case 't' -> b.append(' ');
        case '"', '/', '\'' -> b.append(e);
        case '\\' -> b.append('\\');
        case 'u' -> {
          int code = i + 5 < n ? hex4(s, i + 2) : -1;
          if (code < 0) {
            b.append(c);
            continue;
          }
          b.append((char) code);
          i += 4;
        }
        default -> {
          b.append(c);
          continue;
        }
      }
      i++;
    }
    return b.toString();
  }

  private static int hex4(String s, int from) {
    int v = 0;
    for (int k = from; k < from + 4; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** Steps 2–4: one pass that strips escapes, noise and line prefixes and folds white space. */
  private static String joinLines(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      int end = s.indexOf('\n', i);
      if (end < 0) {
        end = n;
      }
      int from = skipPrefix(s, i, end);
      appendLine(b, s, from, end);
      i = end + 1;
    }
    int len = b.length();
    while (len > 0 && b.charAt(len - 1) == ' ') {
      len--;
    }
    b.setLength(len);
    return b.toString();
  }

  private static void appendLine(StringBuilder b, String s, int from, int end) {
    if (from < end && !b.isEmpty() && b.charAt(b.length() - 1) != ' ') {
      b.append(' ');
    }
    for (int k = from; k < end; k++) {
      char c = s.charAt(k);
      if (c == 0x1b) { // ESC [ params final: a colour or cursor sequence
        k = skipEscape(s, k, end);
        continue;
      }
      if (c == '\u2018' || c == '\u2019') {
        c = '\'';
      } else if (c == '\u201c' || c == '\u201d') {
        c = '"';
      } else if (c == '`' || Character.isWhitespace(c) || Character.isISOControl(c) || isNoise(c)) {
        c = ' ';
      }
      if (c == ' ' && (b.isEmpty() || b.charAt(b.length() - 1) == ' ')) {
        continue;
      }
      b.append(c);
    }
  }

  private static int skipEscape(String s, int k, int end) {
    if (k + 1 < end && s.charAt(k + 1) == '[') {
      int j = k + 2;
      while (j < end && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3f) {
        j++;
      }
      return j; // the loop's k++ steps over the final byte
    }
    return k;
  }

  /**
   * Where a line's content starts: after indentation, box and status glyphs, quote markers ({@code
   * >}, {@code |}), GitHub's {@code ##[error]} and one leading ISO-8601 timestamp.
   */
  private static int skipPrefix(String s, int from, int end) {
    int k = from;
    boolean moved = true;
    while (moved && k < end) {
      moved = false;
      while (k < end && isPrefixChar(s.charAt(k))) {
        k++;
        moved = true;
      }
      if (s.startsWith("##[", k)) {
        int close = s.indexOf(']', k);
        if (close > 0 && close < end && close - k < 20) {
          k = close + 1;
          moved = true;
        }
      }
      int afterTime = timestampEnd(s, k, end);
      if (afterTime > k) {
        k = afterTime;
        moved = true;
      }
    }
    return k;
  }

  private static boolean isPrefixChar(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '>' || c == '|' || isNoise(c);
  }

  /** {@code 2024-05-01T10:00:00.123Z} or {@code 2024-05-01 10:00:00,123} at k: its end, else k. */
  private static int timestampEnd(String s, int k, int end) {
    if (end - k < 19
        || !digits(s, k, 4)
        || s.charAt(k + 4) != '-'
        || !digits(s, k + 5, 2)
        || s.charAt(k + 7) != '-'
        || !digits(s, k + 8, 2)
        || (s.charAt(k + 10) != 'T' && s.charAt(k + 10) != ' ')
        || !digits(s, k + 11, 2)
        || s.charAt(k + 13) != ':') {
      return k;
    }
    int j = k + 14;
    while (j < end && !Character.isWhitespace(s.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean digits(String s, int from, int count) {
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Characters tools draw around a message and that never carry meaning in it: box drawing
   * (Terraform's │), block elements, arrows and status marks (✘ ✔ ▶ ❌ ⚠ •), no-break and other odd
   * spaces, zero-width characters and the byte-order mark.
   */
  static boolean isNoise(char c) {
    return (c >= '\u2500' && c <= '\u259f') // box drawing, block elements
        || (c >= '\u25a0' && c <= '\u25ff') // geometric shapes ▶ ■ ●
        || (c >= '\u2190' && c <= '\u21ff') // arrows
        || (c >= '\u2700' && c <= '\u27bf') // dingbats ✘ ✔ ❌ ➜
        || (c >= '\u2600' && c <= '\u26ff') // symbols ⚠
        || c == '\u2022'
        || c == '\u00a0'
        || (c >= '\u2000' && c <= '\u200f')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202f'
        || c == '\ufeff'
        || Character.isSurrogate(c); // emoji ❗ 🚨 and the like
  }
}
