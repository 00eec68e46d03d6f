package io.ecsmedic.aws.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.aws.audit.AuditText;
import io.ecsmedic.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a pending approval, whichever way the human came (a Slack button, a signed link, or
 * {@code ecs-medic approve} with their own AWS identity): the approval function and the CLI both
 * decide here.
 *
 * <ol>
 *   <li>a conditional write moves the approval from PENDING to APPROVED or REJECTED while its
 *       window is open; only one request can win it, so a second click, a replayed Slack request or
 *       a link used after the button all end up refused; a decision that names a request's nonce (a
 *       link, the CLI) wins only that request, never a later one that replaced it;
 *   <li>then the workflow is told: SendTaskSuccess with {@code {"approved": true, "approver",
 *       "decidedAt", "source"}}, or SendTaskFailure with error {@value #REJECTED_ERROR};
 *   <li>if Step Functions no longer waits for the token, the approval becomes EXPIRED; if it cannot
 *       be reached, the decision is given back (PENDING again) and the error propagates, so nothing
 *       is recorded that the workflow never heard.
 * </ol>
 */
public final class Approvals {
  private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

  /** The error the workflow's Catch on the approval task matches for a rejection. */
  public static final String REJECTED_ERROR = "Rejected";

  /** How a decision ended; the HTTP status each route answers with. */
  public enum Outcome {
    /** Only from {@link #look}: the approval waits for a decision. */
    PENDING(200),
    DECIDED(200),
    ALREADY_DECIDED(409),
    CHANGED(409),
    /** The decision named a request that a later request under the same key replaced. */
    SUPERSEDED(409),
    EXPIRED(410),
    WINDOW_CLOSED(410),
    UNKNOWN(404);

    public final int status;

    Outcome(int status) {
      this.status = status;
    }
  }

  /**
   * @param decision what was asked (and, when {@link Outcome#DECIDED}, recorded); null for a look
   * @param item the approval as decided, or as found; null when there is none
   */
  public record Result(Outcome outcome, String incidentId, Decision decision, ApprovalItem item) {
    /** A short reason for a refusal, fit for a person; the same words in Slack and on a page. */
    public String reason() {
      return switch (outcome) {
        case PENDING -> "waiting for a decision";
        case DECIDED -> decision.approved() ? "approved" : "rejected";
        case ALREADY_DECIDED ->
            "already decided ("
                + item.status().toLowerCase(Locale.ROOT)
                + (item.approver() == null ? "" : " by " + item.approver())
                + ")";
        case CHANGED -> "the approval changed while deciding; try again";
        case SUPERSEDED ->
            "this is not the current approval request of "
                + incidentId
                + ": a newer request replaced it, so its links decide nothing; use the newest"
                + " message";
        case EXPIRED -> "expired: the approval window closed at " + item.expiresAt();
        case WINDOW_CLOSED -> "the approval window has closed";
        case UNKNOWN -> "no approval is waiting for incident " + incidentId;
      };
    }
  }

  private final ApprovalStore store;
  private final Workflow workflow;
  private final Clock clock;

  public Approvals(ApprovalStore store, Workflow workflow, Clock clock) {
    this.store = store;
    this.workflow = workflow;
    this.clock = clock;
  }

  /** The current time as the store keeps it (milliseconds). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * What a decision would meet now, without making one (for a page that only shows it): {@link
   * Outcome#PENDING} with the approval, or the refusal a decision would get.
   *
   * @param nonce the request the caller holds (a link's); null: whichever is pending
   */
  public Result look(String incidentId, String nonce) {
    return classify(incidentId, nonce, null, now());
  }

  /**
   * Decides once: the conditional write, then the workflow's answer.
   *
   * @param nonce the request the decider saw (a link's, the CLI's read); null: whichever is pending
   */
  public Result decide(
      String incidentId, boolean approve, String approver, String source, String nonce) {
    return decide(incidentId, approve, approver, source, nonce, null);
  }

  /**
   * {@link #decide(String, boolean, String, String, String)} with the rejecter's reason, which the
   * workflow's rejection (and so its audit record) carries after the rejecter's name.
   *
   * @param reason why it was rejected; null or blank: none given
   */
  public Result decide(
      String incidentId,
      boolean approve,
      String approver,
      String source,
      String nonce,
      String reason) {
    Decision d = new Decision(incidentId, approve, approver, source, now(), nonce);
    Optional<ApprovalItem> claimed = store.decide(d);
    if (claimed.isEmpty()) {
      // One consistent read tells which refusal it is.
      return classify(incidentId, nonce, d, d.decidedAt());
    }
    ApprovalItem item = claimed.get();
    try {
      if (approve) {
        workflow.succeed(item.taskToken(), output(d));
      } else {
        String why = AuditText.clean(reason, AuditText.MAX_TEXT);
        workflow.fail(
            item.taskToken(),
            REJECTED_ERROR,
            "rejected by " + d.approver() + (why.isEmpty() ? "" : ": " + why));
      }
    } catch (Workflow.WindowClosedException e) {
      LOG.warn(
          "incident {}: {}; the approval is marked {}",
          incidentId,
          e.getMessage(),
          ApprovalItem.EXPIRED);
      try {
        store.expire(d);
      } catch (RuntimeException expire) {
        // The answer stands: Step Functions will take no decision for this token any more.
        LOG.error(
            "incident {}: could not mark the approval {} ({})",
            incidentId,
            ApprovalItem.EXPIRED,
            expire.getClass().getSimpleName());
      }
      return new Result(Outcome.WINDOW_CLOSED, incidentId, d, item);
    } catch (RuntimeException e) {
      try {
        store.release(d);
      } catch (RuntimeException release) {
        LOG.error(
            "incident {}: the decision could not be given back ({}); it stays {} without the"
                + " workflow knowing, until the workflow's own timeout",
            incidentId,
            release.getClass().getSimpleName(),
            d.status());
      }
      throw e;
    }
    LOG.info("incident {} {} by {} via {}", incidentId, d.status(), d.approver(), source);
    return new Result(Outcome.DECIDED, incidentId, d, item);
  }

  private Result classify(String incidentId, String nonce, Decision d, Instant now) {
    Optional<ApprovalItem> found = store.find(incidentId);
    if (found.isEmpty()) {
      return new Result(Outcome.UNKNOWN, incidentId, d, null);
    }
    ApprovalItem item = found.get();
    Outcome outcome;
    if (ApprovalItem.EXPIRED.equals(item.status())) {
      outcome = Outcome.WINDOW_CLOSED;
    } else if (!item.pending()) {
      outcome = Outcome.ALREADY_DECIDED;
    } else if (item.expiredAt(now)) {
      outcome = Outcome.EXPIRED;
    } else if (nonce != null && !item.madeFor(nonce)) {
      outcome = Outcome.SUPERSEDED;
    } else {
      // PENDING and open: for a decision, the item changed between the write and the read
      outcome = d == null ? Outcome.PENDING : Outcome.CHANGED;
    }
    return new Result(outcome, incidentId, d, item);
  }

  /** The waiting task's output: what the re-check and apply steps and the audit record read. */
  public static String output(Decision d) {
    return Json.MAPPER
        .createObjectNode()
        .put("approved", true)
        .put("approver", d.approver())
        .put("decidedAt", d.decidedAt().toString())
        .put("source", d.source())
        .toString();
  }
}
