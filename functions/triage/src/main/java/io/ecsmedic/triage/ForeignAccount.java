package io.ecsmedic.triage;

import java.util.Optional;

/**
 * Events from another account (forwarded from its event bus) until multi-account support lands:
 * this stack's clients reach only its own account, where a service of the same name may be a
 * different service. Such an event is alerted and audited with a label, and never deep-checked,
 * tag-read or handed to the remediation workflow.
 */
final class ForeignAccount {
  private ForeignAccount() {}

  /**
   * @param account the account the event names; null when it names none (a pasted message)
   * @param own this stack's account; empty when unknown, which makes every named account foreign
   * @return the label for the alert and the audit record; null when the event is this account's
   */
  static String label(String account, Optional<String> own) {
    if (account == null || own.filter(account::equals).isPresent()) {
      return null;
    }
    return "from account "
        + account
        + ", not this stack's"
        + own.map(a -> " (" + a + ")").orElse(" (unknown)")
        + ": not checked, not remediated";
  }
}
