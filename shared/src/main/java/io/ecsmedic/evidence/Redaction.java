package io.ecsmedic.evidence;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secret-looking values from a log line before it leaves the account in an alert or lands
 * in the flight recorder. Pure and conservative: a value is replaced by {@link #MASK} (keeping the
 * key or scheme around it, so the reader still sees <i>which</i> setting was wrong), never the
 * whole line, so stack traces, UUIDs, image digests and ARNs survive.
 *
 * <p>What it catches: AWS access key ids (AKIA…, ASIA…) and anything after a secret-access-key key;
 * bearer tokens and JWTs; GitHub ({@code ghp_…}, {@code github_pat_…}) and Slack ({@code xox?-…},
 * hooks URLs) tokens; PEM private-key blocks; the password of a URL with user info ({@code
 * postgres://user:pass@host}); the value of a key that says password, passwd, pwd, secret, token,
 * api key, credential or private key ({@code password=…}, {@code "secret": "…"}, {@code
 * DB_PASSWORD: …}). What it cannot catch: a secret with no recognisable shape and no telling key (a
 * bare random string in prose). docs/evidence.md lists the rules and that limit.
 *
 * <p>Every pattern is linear on hostile input (possessive quantifiers, bounded classes).
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "[REDACTED]";

  private record Rule(Pattern pattern, String replacement) {
    String apply(String s) {
      Matcher m = pattern.matcher(s);
      return m.find() ? m.replaceAll(replacement) : s;
    }
  }

  private static final String KEY_WORDS =
      "(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_-]?access)?(?:[_-]?key)?|client[_-]?secret"
          + "|(?:access|auth|api|refresh|session|bearer)[_-]?(?:token|key)|token|api[_-]?key"
          + "|credentials?|private[_-]?key)";

  private static final List<Rule> RULES =
      List.of(
          // A PEM private key block, whole (one line or the start of one).
          new Rule(
              Pattern.compile(
                  "-----BEGIN (?:[A-Z]{1,20} ){0,3}?PRIVATE KEY-----(?:[^-]++|-(?!----END))*+"
                      + "(?:-----END (?:[A-Z]{1,20} ){0,3}?PRIVATE KEY-----)?"),
              MASK),
          // user:password@ in any URL.
          new Rule(
              Pattern.compile(
                  "(?i)\\b([a-z][a-z0-9+.-]{1,20}+://[^\\s:/@]{0,200}+:)[^\\s@/]{1,400}+@"),
              "$1" + MASK + "@"),
          // Slack incoming-webhook URLs carry their secret in the path.
          new Rule(Pattern.compile("(https://hooks\\.slack\\.com/)[A-Za-z0-9/_-]++"), "$1" + MASK),
          // Authorization: Bearer …, Basic …
          new Rule(
              Pattern.compile("(?i)\\b(bearer|basic)\\s++[A-Za-z0-9._~+/=-]{8,}+"), "$1 " + MASK),
          // JWTs anywhere.
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{5,}+"),
              MASK),
          // AWS access key ids.
          new Rule(Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA|ANPA)[A-Z0-9]{16}\\b"), MASK),
          // GitHub and Slack tokens.
          new Rule(
              Pattern.compile(
                  "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}+|github_pat_[A-Za-z0-9_]{30,}+"
                      + "|xox[abposr]-[A-Za-z0-9-]{10,}+)"),
              MASK),
          // key = value, key: value, "key": "value" where the key says it is a secret.
          new Rule(
              Pattern.compile(
                  "(?i)(?<![:/])((?:[A-Za-z0-9_.-]{0,40}?[_.-])?"
                      + KEY_WORDS
                      + "[\"']?+\\s{0,3}+[=:]\\s{0,3}+[\"']?+)(?!"
                      + Pattern.quote(MASK)
                      + ")[^\\s\"',;&}]{1,400}+"),
              "$1" + MASK));

  private Redaction() {}

  /** The line with every secret-looking value replaced by {@link #MASK}. */
  public static String redact(String line) {
    if (line == null || line.isEmpty()) {
      return line;
    }
    String out = line;
    for (Rule r : RULES) {
      out = r.apply(out);
    }
    return out;
  }

  /**
   * Each line redacted, in order. A private key printed over several lines (one log event a line)
   * is masked from its BEGIN line to its END line.
   */
  public static List<String> redact(List<String> lines) {
    List<String> out = new java.util.ArrayList<>(lines.size());
    boolean inKey = false;
    for (String line : lines) {
      if (inKey) {
        out.add(MASK);
        inKey = !KEY_END.matcher(line).find();
        continue;
      }
      out.add(redact(line));
      inKey = KEY_BEGIN.matcher(line).find() && !KEY_END.matcher(line).find();
    }
    return out;
  }

  private static final Pattern KEY_BEGIN =
      Pattern.compile("-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----");
  private static final Pattern KEY_END = Pattern.compile("-----END [A-Z ]{0,40}PRIVATE KEY-----");
}
