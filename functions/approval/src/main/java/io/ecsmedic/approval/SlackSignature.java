package io.ecsmedic.approval;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing (v0): {@code x-slack-signature = "v0=" + hex(HMAC-SHA256(signing secret,
 * "v0:" + x-slack-request-timestamp + ":" + raw body))}. Checked on the raw bytes, before anything
 * parses the body, and only within {@link #MAX_SKEW} of now, so a captured request cannot be
 * replayed later (a replay inside the window is stopped by the approval's conditional write).
 */
final class SlackSignature {
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");

  private SlackSignature() {}

  /**
   * Checks a request.
   *
   * @return empty when the request is Slack's; otherwise why not, fit to send back and to log
   */
  static Optional<String> check(
      String timestamp, String signature, byte[] body, byte[] secret, Instant now) {
    if (timestamp == null || !TIMESTAMP.matcher(timestamp.trim()).matches()) {
      return Optional.of("missing or malformed x-slack-request-timestamp");
    }
    if (signature == null || !SIGNATURE.matcher(signature.trim()).matches()) {
      return Optional.of("missing or malformed x-slack-signature");
    }
    long sent = Long.parseLong(timestamp.trim());
    if (Math.abs(now.getEpochSecond() - sent) > MAX_SKEW.toSeconds()) {
      return Optional.of("stale request: its timestamp is more than 5 minutes from now");
    }
    byte[] expected = sign(timestamp.trim(), body, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given)
        ? Optional.empty()
        : Optional.of("the Slack signature does not match");
  }

  /** {@code "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}. */
  static String sign(String timestamp, byte[] body, byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalStateException("the Slack signing secret is empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
