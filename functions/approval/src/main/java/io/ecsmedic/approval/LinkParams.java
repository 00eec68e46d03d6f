package io.ecsmedic.approval;

import io.ecsmedic.signing.ApprovalLinks;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The five parameters of a signed approval link, checked for shape: an incident id of {@link
 * ApprovalLinks#INCIDENT_ID}, {@code approve} or {@code reject}, an expiry in epoch seconds, the
 * approval request's nonce ({@link ApprovalLinks#NONCE}) and a 64-digit hex signature. Nothing that
 * fails the shape is echoed back.
 */
record LinkParams(
    String incidentId, String decision, long expires, String nonce, String signature) {
  static final Set<String> NAMES = Set.of("incident", "decision", "expires", "request", "sig");

  private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

  /** The link's parameters are missing or malformed; the message says which, without values. */
  static final class InvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidException(String message) {
      super(message);
    }
  }

  static LinkParams from(Map<String, String> p) throws InvalidException {
    String incident = p.get("incident");
    if (incident == null || !ApprovalLinks.INCIDENT_ID.matcher(incident).matches()) {
      throw new InvalidException(
          "incident must match " + ApprovalLinks.INCIDENT_ID.pattern() + " (letters, digits, -)");
    }
    String decision = p.get("decision");
    if (!ApprovalLinks.APPROVE.equals(decision) && !ApprovalLinks.REJECT.equals(decision)) {
      throw new InvalidException("decision must be approve or reject");
    }
    String expires = p.get("expires");
    if (expires == null || !EXPIRES.matcher(expires).matches()) {
      throw new InvalidException("expires must be a time in epoch seconds");
    }
    String nonce = p.get("request");
    if (nonce == null || !ApprovalLinks.NONCE.matcher(nonce).matches()) {
      throw new InvalidException(
          "request must be the approval request's nonce (32 hex digits); links from before"
              + " requests had one no longer work");
    }
    String sig = p.get("sig");
    if (sig == null || !SIGNATURE.matcher(sig).matches()) {
      throw new InvalidException("sig must be 64 hex digits");
    }
    return new LinkParams(incident, decision, Long.parseLong(expires), nonce, sig);
  }

  /** Never prints the signature or the nonce: they are what opens the door. */
  @Override
  public String toString() {
    return "LinkParams[incident="
        + incidentId
        + ", decision="
        + decision
        + ", expires="
        + expires
        + "]";
  }

  /** The nonce's first 8 digits, for the audit: tells requests apart, useless to forge. */
  String noncePrefix() {
    return nonce.substring(0, 8);
  }

  boolean approve() {
    return ApprovalLinks.APPROVE.equals(decision);
  }
}
