package io.ecsmedic.aws.audit;

/**
 * The one sanitiser for identities and free text that other people supplied and the audit keeps: a
 * Slack user name, a link's user agent, a CLI caller's ARN, a refusal's details. People read these
 * in the audit, in Slack and on pages, so nothing in them may hide or reorder what is shown:
 *
 * <ul>
 *   <li>control characters (C0, DEL, C1) become a space, then runs of white space one space;
 *   <li>bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks
 *       (U+200E, U+200F, U+061C) are dropped: a right-to-left override would make {@code
 *       alice‮nimda} read as {@code alice admin};
 *   <li>zero-width and invisible characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+00AD, U+180E)
 *       are dropped, so two names that look the same are the same;
 *   <li>an unpaired surrogate is dropped;
 *   <li>the result is stripped and cut to a maximum length (in code points, never inside a pair).
 * </ul>
 */
public final class AuditText {
  /** The bound for a name or an identity (a Slack handle, an ARN). */
  public static final int MAX_IDENTITY = 200;

  /** The bound for a sentence (a refusal's reason, a user agent). */
  public static final int MAX_TEXT = 300;

  private AuditText() {}

  /** {@code text} made safe to store and show, at most {@code max} code points; "" for null. */
  public static String clean(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), max * 2));
    int kept = 0;
    boolean space = false;
    for (int i = 0; i < text.length() && kept < max; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (hidden(c)) {
        continue;
      }
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = kept > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        kept++;
        space = false;
        if (kept >= max) {
          break;
        }
      }
      b.appendCodePoint(c);
      kept++;
    }
    return b.toString();
  }

  /** An identity: {@link #clean} to {@link #MAX_IDENTITY}. */
  public static String identity(String text) {
    return clean(text, MAX_IDENTITY);
  }

  private static boolean hidden(int c) {
    return (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200E
        || c == 0x200F
        || c == 0x061C
        || (c >= 0x200B && c <= 0x200D)
        || (c >= 0x2060 && c <= 0x2064)
        || c == 0xFEFF
        || c == 0x00AD
        || c == 0x180E
        || Character.getType(c) == Character.SURROGATE;
  }
}
