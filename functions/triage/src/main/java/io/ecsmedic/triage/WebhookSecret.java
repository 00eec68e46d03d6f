package io.ecsmedic.triage;

import java.util.regex.Pattern;

/**
 * Reads the Slack webhook secret strictly. The value must be exactly one incoming-webhook URL:
 * {@code https://hooks.slack.com/services/…} (surrounding white space and a trailing newline are
 * forgiven), its path only letters, digits, {@code /}, {@code _} and {@code -}. Nothing else is
 * guessed at: a key/value secret ({@code {"url": "…"}}), a comment after the URL, a tab or a space
 * inside it are refused.
 *
 * <p>A refused value is described without being quoted: "malformed webhook secret (N characters,
 * starts with 'htt…')". The URL is the credential, so it never reaches an exception, a log line or
 * the dead-letter queue, whatever shape the secret has.
 */
final class WebhookSecret {
  /** Where Slack's incoming webhooks live. */
  static final String SLACK_HOOKS = "https://hooks.slack.com/services/";

  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9/_-]+");

  /** How much of a refused value is shown: enough to tell a URL from JSON, too little to use. */
  private static final int SHOWN = 3;

  private WebhookSecret() {}

  /**
   * @param value the secret's string
   * @param base the only prefix accepted: {@link #SLACK_HOOKS} outside tests
   * @return the webhook URL
   * @throws MalformedSecretException naming the shape, never the value
   */
  static String url(String value, String base) {
    String url = value == null ? "" : value.strip();
    if (!url.startsWith(base)
        || url.length() == base.length()
        || !PATH.matcher(url.substring(base.length())).matches()) {
      throw new MalformedSecretException(describe(value == null ? "" : value));
    }
    return url;
  }

  static String describe(String value) {
    StringBuilder start = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN, value.length()); i++) {
      char c = value.charAt(i);
      start.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return "malformed webhook secret ("
        + value.length()
        + " characters, starts with '"
        + start
        + "…'): expected a plain "
        + SLACK_HOOKS
        + "… URL";
  }

  /** The secret is not a webhook URL; the message describes it without quoting it. */
  static final class MalformedSecretException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedSecretException(String description) {
      super(description);
    }
  }
}
