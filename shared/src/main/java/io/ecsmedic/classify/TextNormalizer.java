package io.ecsmedic.classify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One normalisation for catalogue phrases and input texts, so matching is case-insensitive and
 * immune to the typographic apostrophe the ECS agent sometimes uses ("can’t" vs "can't").
 */
public final class TextNormalizer {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

  private TextNormalizer() {}

  /** Lower case (root locale), typographic quotes to ASCII. Keeps the length of ASCII text. */
  public static String normalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.indexOf('\u2019') < 0 && lower.indexOf('\u2018') < 0) {
      return lower;
    }
    return lower.replace('\u2019', '\'').replace('\u2018', '\'');
  }

  /**
   * Makes input text safe to show: removes terminal escape sequences and replaces other control
   * characters with spaces. Applied to every excerpt that reaches a person.
   */
  public static String sanitize(String s) {
    if (isClean(s)) {
      return s;
    }
    String noAnsi = ANSI.matcher(s).replaceAll("");
    StringBuilder b = new StringBuilder(noAnsi.length());
    for (int i = 0; i < noAnsi.length(); i++) {
      char c = noAnsi.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString();
  }

  private static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
