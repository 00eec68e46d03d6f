package io.ecsmedic.signing;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed approval links for people who approve from e-mail (SNS) instead of Slack. The workflow
 * builds the links with {@link #link}; the approval function checks them with {@link #verify}. Both
 * sides must derive the key the same way: {@link #secretKey} of the Secrets Manager SecretString.
 *
 * <p>A link is {@code <base>/approve?incident=<id>&decision=approve|reject&expires=<epoch
 * s>&request=<nonce>&sig=<hex>}, where {@code sig} is the lower-case hex HMAC-SHA256 of {@code
 * <incident>|<decision>|<expires>|<nonce>}. The decision, the expiry and the request are signed, so
 * an Approve link cannot be turned into a Reject link, made to live longer, or pointed at another
 * approval request of the same incident without the secret; the approval function decides a link
 * only while its nonce is the pending request's, and the decision consumes it, so a link is
 * single-use. Incident ids are restricted to {@link #INCIDENT_ID}, nonces to {@link #NONCE} and
 * decisions to {@link #APPROVE} / {@link #REJECT}, so the signed string cannot be ambiguous and the
 * values need no escaping in a URL or a page.
 *
 * <p>Opening the link only shows a confirmation page; the decision is the form's POST, because mail
 * clients and scanners fetch links on their own.
 */
public final class ApprovalLinks {
  /** The path the approval function serves, below the function URL. */
  public static final String PATH = "/approve";

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";

  /** What an incident id may look like (triage's ids are {@code <hash>-<epoch s>}). */
  public static final Pattern INCIDENT_ID = Pattern.compile("[A-Za-z0-9-]{1,80}");

  /** What a request's nonce looks like (the audit table's ApprovalRequest.freshNonce). */
  public static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");

  /** Short HMAC keys are guessable offline from any one link; 16 bytes is the floor. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final String HMAC = "HmacSHA256";
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

  private ApprovalLinks() {}

  /**
   * The lower-case hex HMAC-SHA256 of {@code <incidentId>|<decision>|<expiresEpochSecond>|<nonce>}.
   *
   * @throws IllegalArgumentException if the incident id, the decision, the nonce or the secret is
   *     not valid
   */
  public static String sign(
      String incidentId, String decision, long expiresEpochSecond, String nonce, byte[] secret) {
    checkIncidentId(incidentId);
    checkDecision(decision);
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      throw new IllegalArgumentException("a request nonce must match " + NONCE.pattern());
    }
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the approval link secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    String message = incidentId + "|" + decision + "|" + expiresEpochSecond + "|" + nonce;
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * The approval link for one decision: {@code base}'s path with {@value #PATH} appended, and the
   * signed parameters as its query.
   *
   * @param base the approval function's URL (a Lambda function URL), without a query
   * @param expires when the link stops working, in epoch seconds
   * @param nonce the approval request's nonce: the link decides that request only
   * @throws IllegalArgumentException if the base has a query or fragment, or a value is not valid
   */
  public static URI link(
      URI base, String incidentId, String decision, long expires, String nonce, byte[] secret) {
    Objects.requireNonNull(base, "base");
    if (!base.isAbsolute() || base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the approval base URL must be absolute, without a query or fragment: " + base);
    }
    String sig = sign(incidentId, decision, expires, nonce, secret);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String query =
        "incident="
            + incidentId
            + "&decision="
            + decision
            + "&expires="
            + expires
            + "&request="
            + nonce
            + "&sig="
            + sig;
    try {
      return new URI(base.getScheme() + "://" + base.getRawAuthority() + path + PATH + "?" + query);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build an approval link on " + base, e);
    }
  }

  /**
   * Whether {@code signature} is the signature of these values. Constant-time in the signature's
   * content; false (never an exception) for malformed input.
   */
  public static boolean verify(
      String incidentId,
      String decision,
      long expires,
      String nonce,
      String signature,
      byte[] secret) {
    if (incidentId == null
        || !INCIDENT_ID.matcher(incidentId).matches()
        || !(APPROVE.equals(decision) || REJECT.equals(decision))
        || nonce == null
        || !NONCE.matcher(nonce).matches()
        || signature == null
        || !SIGNATURE.matcher(signature).matches()) {
      return false;
    }
    byte[] expected =
        sign(incidentId, decision, expires, nonce, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /**
   * The HMAC key held in a Secrets Manager SecretString: its UTF-8 bytes, with surrounding
   * whitespace removed (a secret stored from {@code echo} ends in a newline).
   */
  public static byte[] secretKey(String secretString) {
    return Objects.requireNonNull(secretString, "secretString")
        .strip()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void checkIncidentId(String incidentId) {
    if (incidentId == null || !INCIDENT_ID.matcher(incidentId).matches()) {
      throw new IllegalArgumentException("an incident id must match " + INCIDENT_ID.pattern());
    }
  }

  private static void checkDecision(String decision) {
    if (!APPROVE.equals(decision) && !REJECT.equals(decision)) {
      throw new IllegalArgumentException(
          "the decision must be " + APPROVE + " or " + REJECT + ", not " + decision);
    }
  }
}
