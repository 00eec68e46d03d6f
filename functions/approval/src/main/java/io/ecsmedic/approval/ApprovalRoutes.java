package io.ecsmedic.approval;

import io.ecsmedic.aws.approval.Approvals;
import io.ecsmedic.aws.approval.Decision;
import io.ecsmedic.aws.audit.ApprovalDenial;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What each route of the approval function does with an authenticated-or-not request: check that
 * the request is genuine (the Slack v0 signature, or the signed link), then that its sender may
 * decide (the Slack allow-lists, LinkApprovals), then decide through {@link Approvals}.
 *
 * <ul>
 *   <li>{@code POST /slack/actions}: the alert's Approve / Reject buttons. The Slack signature is
 *       checked on the raw body before anything parses it, within 5 minutes of its timestamp; then
 *       the clicker, workspace, app and channel against {@link SlackApprovers}.
 *   <li>{@code GET /approve?incident&decision&expires&request&sig}: a signed e-mail link ({@link
 *       ApprovalLinks}), bound to one approval request by its nonce. It only shows what is pending
 *       and a form; mail clients and scanners fetch links by themselves, so a GET never decides.
 *   <li>{@code POST /approve}: that form; it decides, once, and only the request it was made for.
 * </ul>
 *
 * Every refusal answers a short reason and logs a warning; a refused Slack click, a link while
 * LinkApprovals is Disabled and a refused link decision are also recorded in the audit ({@link
 * DenialLog}). Secrets, signatures, nonces and task tokens are never logged.
 */
final class ApprovalRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalRoutes.class);

  static final String SLACK_PATH = "/slack/actions";

  /** Slack's payloads and the link form are a few KB; anything over this is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Pattern SOURCE_IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** A user agent is the caller's text: kept short in the audit. */
  private static final int MAX_USER_AGENT = 120;

  private final Approvals approvals;
  private final Supplier<byte[]> slackSecret;
  private final Supplier<byte[]> linkSecret;
  private final SlackApprovers approvers;
  private final boolean linkApprovals;
  private final DenialLog denials;
  private final SlackResponder slack;
  private final Clock clock;

  /**
   * @param slackSecret the Slack signing secret; null turns Slack approvals off
   * @param linkSecret the link key; null turns link approvals off
   * @param approvers who may decide from Slack
   * @param linkApprovals whether a genuine link may decide (LinkApprovals=Enabled)
   */
  ApprovalRoutes(
      Approvals approvals,
      Supplier<byte[]> slackSecret,
      Supplier<byte[]> linkSecret,
      SlackApprovers approvers,
      boolean linkApprovals,
      DenialLog denials,
      SlackResponder slack,
      Clock clock) {
    this.approvals = approvals;
    this.slackSecret = slackSecret;
    this.linkSecret = linkSecret;
    this.approvers = approvers;
    this.linkApprovals = linkApprovals;
    this.denials = denials;
    this.slack = slack;
    this.clock = clock;
  }

  ApprovalAnswer answer(FunctionUrlRequest r) {
    MDC.put("route", r.method() + " " + clip(r.path()));
    switch (r.path()) {
      case SLACK_PATH -> {
        if (!"POST".equals(r.method())) {
          return refuse(new ApprovalAnswer.Text(405, "use POST", "POST"), r);
        }
        if (r.body().length > MAX_BODY_BYTES) {
          return refuse(413, "body over " + MAX_BODY_BYTES / 1024 + " KB", r);
        }
        return slackAction(r);
      }
      case ApprovalLinks.PATH -> {
        if (!"GET".equals(r.method()) && !"POST".equals(r.method())) {
          return refuse(new ApprovalAnswer.Text(405, "use GET or POST", "GET, POST"), r);
        }
        if (r.body().length > MAX_BODY_BYTES) {
          return refuse(413, "body over " + MAX_BODY_BYTES / 1024 + " KB", r);
        }
        return link(r);
      }
      default -> {
        return refuse(404, "no such route", r);
      }
    }
  }

  // ---- Slack ------------------------------------------------------------------------------

  private ApprovalAnswer slackAction(FunctionUrlRequest r) {
    if (slackSecret == null) {
      return refuse(404, "Slack approvals are not configured", r);
    }
    Optional<String> bad =
        SlackSignature.check(
            r.header("x-slack-request-timestamp"),
            r.header("x-slack-signature"),
            r.body(),
            slackSecret.get(),
            clock.instant());
    if (bad.isPresent()) {
      return refuse(401, bad.get(), r);
    }
    SlackInteraction click;
    try {
      String payload =
          FormData.parse(new String(r.body(), StandardCharsets.UTF_8), Set.of("payload"))
              .get("payload");
      if (payload == null || payload.isBlank()) {
        return refuse(400, "no payload", r);
      }
      click = SlackInteraction.from(Json.MAPPER.readTree(payload));
    } catch (FormData.MalformedException | SlackInteraction.InvalidException e) {
      return refuse(400, e.getMessage(), r);
    } catch (IOException e) {
      return refuse(400, "the payload is not JSON", r);
    }
    MDC.put("incidentId", click.incidentId());
    Optional<String> refusal = approvers.refusal(click);
    if (refusal.isPresent()) {
      denials.record(
          new ApprovalDenial(
              click.incidentId(),
              clock.instant(),
              click.approver(),
              click.origin(),
              Decision.SLACK,
              refusal.get()));
      if (click.responseUrl() != null) {
        slack.respond(click.responseUrl(), SlackReplies.refused(refusal.get()));
      }
      return refuse(403, refusal.get(), r);
    }
    Approvals.Result result =
        approvals.decide(
            click.incidentId(), click.approve(), click.approver(), Decision.SLACK, null);
    if (click.responseUrl() != null) {
      slack.respond(click.responseUrl(), SlackReplies.reply(result, click));
    }
    if (result.outcome() != Approvals.Outcome.DECIDED) {
      return refuse(result.outcome().status, result.reason(), r);
    }
    return new ApprovalAnswer.Text(200, SlackReplies.line(result, click));
  }

  // ---- signed links -----------------------------------------------------------------------

  private ApprovalAnswer link(FunctionUrlRequest r) {
    if (linkSecret == null) {
      return refusePage(404, "Not available", "approval links are not configured", r);
    }
    boolean post = "POST".equals(r.method());
    LinkParams link;
    try {
      String encoded = post ? new String(r.body(), StandardCharsets.UTF_8) : r.rawQuery();
      link = LinkParams.from(FormData.parse(encoded, LinkParams.NAMES));
    } catch (FormData.MalformedException | LinkParams.InvalidException e) {
      return refusePage(400, "Not a valid approval link", e.getMessage(), r);
    }
    MDC.put("incidentId", link.incidentId());
    if (!ApprovalLinks.verify(
        link.incidentId(),
        link.decision(),
        link.expires(),
        link.nonce(),
        link.signature(),
        linkSecret.get())) {
      return refusePage(403, "Not a valid approval link", "the link's signature does not match", r);
    }
    if (!linkApprovals) {
      String reason =
          "approval links are disabled (stack parameter LinkApprovals); approve in Slack or with"
              + " `ecs-medic approve "
              + link.incidentId()
              + "`";
      denials.record(
          new ApprovalDenial(
              link.incidentId(), clock.instant(), caller(link), where(r), Decision.LINK, reason));
      return refusePage(403, "Link approvals are disabled", reason, r);
    }
    Instant now = clock.instant();
    if (link.expires() <= now.getEpochSecond()) {
      return refusePage(
          410, "Link expired", "this link expired at " + Instant.ofEpochSecond(link.expires()), r);
    }
    return post ? decideByLink(r, link) : confirmation(r, link);
  }

  /** GET: shows what is pending and the form; decides nothing. */
  private ApprovalAnswer confirmation(FunctionUrlRequest r, LinkParams link) {
    Approvals.Result look = approvals.look(link.incidentId(), link.nonce());
    if (look.outcome() != Approvals.Outcome.PENDING) {
      return refusePage(r, look);
    }
    return new ApprovalAnswer.Confirmation(look.item(), link);
  }

  /** POST: the confirmation form; decides. */
  private ApprovalAnswer decideByLink(FunctionUrlRequest r, LinkParams link) {
    Approvals.Result result =
        approvals.decide(
            link.incidentId(),
            link.approve(),
            caller(link) + ", " + where(r),
            Decision.LINK,
            link.nonce());
    if (result.outcome() != Approvals.Outcome.DECIDED) {
      denials.record(
          new ApprovalDenial(
              link.incidentId(),
              clock.instant(),
              caller(link),
              where(r),
              Decision.LINK,
              result.reason()));
      return refusePage(r, result);
    }
    return link.approve()
        ? new ApprovalAnswer.Page(
            200, "Approved", "ecs-medic re-checks the service, then applies the remediation.")
        : new ApprovalAnswer.Page(200, "Rejected", "The remediation will not be applied.");
  }

  /**
   * A link is a bearer token: all that is known of who used it is which request it was made for.
   */
  private static String caller(LinkParams link) {
    return "signed link, request " + link.noncePrefix();
  }

  /** Where a link was used from: the source IP and the user agent, as far as they are known. */
  private static String where(FunctionUrlRequest r) {
    String ip = SOURCE_IP.matcher(r.sourceIp()).matches() ? r.sourceIp() : "unknown";
    String agent = r.header("user-agent");
    return "from "
        + ip
        + ", user-agent "
        + (agent == null || agent.isBlank()
            ? "unknown"
            : agent.length() <= MAX_USER_AGENT ? agent : agent.substring(0, MAX_USER_AGENT));
  }

  // ---- refusals ---------------------------------------------------------------------------

  private static ApprovalAnswer refuse(int status, String reason, FunctionUrlRequest r) {
    return refuse(new ApprovalAnswer.Text(status, reason), r);
  }

  private static ApprovalAnswer refuse(ApprovalAnswer.Text answer, FunctionUrlRequest r) {
    LOG.warn("refused {} {}: {} {}", r.method(), clip(r.path()), answer.status(), answer.text());
    return answer;
  }

  private static ApprovalAnswer refusePage(FunctionUrlRequest r, Approvals.Result refused) {
    String heading =
        switch (refused.outcome()) {
          case ALREADY_DECIDED, CHANGED -> "Already decided";
          case SUPERSEDED -> "This link is for an earlier request";
          case EXPIRED, WINDOW_CLOSED -> "Too late";
          default -> "Nothing to decide";
        };
    return refusePage(refused.outcome().status, heading, refused.reason(), r);
  }

  private static ApprovalAnswer refusePage(
      int status, String heading, String reason, FunctionUrlRequest r) {
    LOG.warn("refused {} {}: {} {}", r.method(), clip(r.path()), status, reason);
    return new ApprovalAnswer.Page(status, heading, reason);
  }

  /** Paths are the caller's text: keep log lines short. */
  static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "…";
  }
}
