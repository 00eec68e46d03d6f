package io.ecsmedic.approval;

import static io.ecsmedic.approval.Harness.INCIDENT;
import static io.ecsmedic.approval.Harness.NOW;
import static io.ecsmedic.approval.Harness.TOKEN;
import static io.ecsmedic.approval.Harness.inAnHour;
import static io.ecsmedic.approval.Harness.linkQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed e-mail links: GET shows a form, only its POST decides. */
class LinkApprovalTest {
  /** How a link decision is recorded: the request it was for, the address and the user agent. */
  static final String LINK_APPROVER =
      "signed link, request 01234567, from 203.0.113.9, user-agent Mozilla/5.0 (test)";

  private final Harness h = new Harness();

  private Harness.Response get(String query) throws Exception {
    return h.call(Harness.event("GET", "/approve", query, null));
  }

  private Harness.Response post(String form) throws Exception {
    return h.call(withFormHeader(Harness.event("POST", "/approve", "", form)));
  }

  private static ObjectNode withFormHeader(ObjectNode event) {
    ((ObjectNode) event.get("headers")).put("content-type", "application/x-www-form-urlencoded");
    return event;
  }

  @Test
  void theLinkTheWorkflowBuildsOpensTheConfirmationPage() throws Exception {
    URI link =
        ApprovalLinks.link(
            URI.create("https://abc.lambda-url.eu-west-1.on.aws/"),
            INCIDENT,
            "approve",
            inAnHour(),
            Harness.NONCE,
            ApprovalLinks.secretKey(Harness.LINK_SECRET));

    Harness.Response r = get(link.getRawQuery());

    assertThat(link.getPath()).isEqualTo("/approve");
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void getShowsAFormAndDecidesNothing() throws Exception {
    Harness.Response r = get(linkQuery(INCIDENT, "approve", inAnHour()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("content-type", "text/html; charset=utf-8");
    assertThat(r.headers().get("content-security-policy")).contains("default-src 'none'");
    assertThat(r.headers()).containsEntry("cache-control", "no-store");
    assertThat(r.headers()).containsEntry("referrer-policy", "no-referrer");
    assertThat(r.body())
        .contains("<form method=\"post\" action=\"approve\">")
        .contains("<input type=\"hidden\" name=\"incident\" value=\"" + INCIDENT + "\">")
        .contains("<input type=\"hidden\" name=\"decision\" value=\"approve\">")
        .contains("<button type=\"submit\">Approve</button>")
        .contains("checkout")
        .doesNotContain("<script");
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");

    get(linkQuery(INCIDENT, "approve", inAnHour()));
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void postApprovesAsTheSignedLinkFromTheCallersAddress() throws Exception {
    Harness.Response r = post(linkQuery(INCIDENT, "approve", inAnHour()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<h1>Approved</h1>");
    RecordingWorkflow.Call call = h.workflow.of("success").getFirst();
    assertThat(call.taskToken()).isEqualTo(TOKEN);
    JsonNode output = Json.MAPPER.readTree(call.output());
    assertThat(output.path("approver").asText()).isEqualTo(LINK_APPROVER);
    assertThat(output.path("source").asText()).isEqualTo("link");
    assertThat(h.store.get(INCIDENT).decisionSource()).isEqualTo("link");
  }

  @Test
  void postRejectFailsTheTask() throws Exception {
    Harness.Response r = post(linkQuery(INCIDENT, "reject", inAnHour()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<h1>Rejected</h1>");
    assertThat(h.workflow.of("failure"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.error()).isEqualTo("Rejected");
              assertThat(c.cause()).isEqualTo("rejected by " + LINK_APPROVER);
            });
  }

  @Test
  void anApproveSignatureDoesNotWorkForReject() throws Exception {
    String approve = linkQuery(INCIDENT, "approve", inAnHour());
    String swapped = approve.replace("decision=approve", "decision=reject");

    assertThat(get(swapped).status()).isEqualTo(403);
    Harness.Response r = post(swapped);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("signature does not match");
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
  }

  @Test
  void aLongerExpiryOrAnotherSecretIsRefused() throws Exception {
    String longer =
        linkQuery(INCIDENT, "approve", inAnHour())
            .replace("expires=" + inAnHour(), "expires=" + (inAnHour() + 86400));
    String sig =
        Harness.hmacHex(
            "another-secret-0123456789", INCIDENT + "|approve|" + inAnHour() + "|" + Harness.NONCE);
    String otherSecret =
        "incident="
            + INCIDENT
            + "&decision=approve&expires="
            + inAnHour()
            + "&request="
            + Harness.NONCE
            + "&sig="
            + sig;

    assertThat(post(longer).status()).isEqualTo(403);
    assertThat(post(otherSecret).status()).isEqualTo(403);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void anExpiredLinkAnswers410() throws Exception {
    long expired = NOW.minusSeconds(1).getEpochSecond();

    Harness.Response page = get(linkQuery(INCIDENT, "approve", expired));
    Harness.Response decided = post(linkQuery(INCIDENT, "approve", expired));

    assertThat(page.status()).isEqualTo(410);
    assertThat(decided.status()).isEqualTo(410);
    assertThat(decided.body()).contains("this link expired at");
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void aLinkToAnApprovalPastItsWindowAnswers410() throws Exception {
    h.clock.advance(Duration.ofHours(1));
    long later = h.clock.instant().plusSeconds(600).getEpochSecond();

    assertThat(get(linkQuery(INCIDENT, "approve", later)).status()).isEqualTo(410);
    assertThat(post(linkQuery(INCIDENT, "approve", later)).status()).isEqualTo(410);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void aSecondDecisionAnswers409WithWhoDecided() throws Exception {
    post(linkQuery(INCIDENT, "approve", inAnHour()));

    Harness.Response page = get(linkQuery(INCIDENT, "reject", inAnHour()));
    Harness.Response again = post(linkQuery(INCIDENT, "reject", inAnHour()));

    assertThat(page.status()).isEqualTo(409);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("already decided (approved by " + LINK_APPROVER + ")");
    assertThat(h.workflow.calls).hasSize(1);
  }

  @Test
  void anUnknownIncidentAnswers404() throws Exception {
    assertThat(get(linkQuery("nope-1", "approve", inAnHour())).status()).isEqualTo(404);
    assertThat(post(linkQuery("nope-1", "approve", inAnHour())).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%3E%3Cimg%20src%3Dx%3E",
        "a'b",
        "",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void refusesIncidentIdsOutsideTheAlphabetWithoutEchoingThem(String encodedIncident)
      throws Exception {
    String query =
        "incident="
            + encodedIncident
            + "&decision=approve&expires="
            + inAnHour()
            + "&sig="
            + "a".repeat(64);

    Harness.Response page = get(query);
    Harness.Response decided = post(query);

    assertThat(page.status()).isEqualTo(400);
    assertThat(decided.status()).isEqualTo(400);
    assertThat(page.body())
        .contains("incident must match [A-Za-z0-9-]{1,80}")
        .doesNotContain("<script>")
        .doesNotContain("<img")
        .doesNotContain("a'b");
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void escapesTheSummaryOnTheConfirmationPage() throws Exception {
    h.store.pending(
        "evil-1",
        TOKEN,
        NOW.plus(Duration.ofHours(1)),
        "exit 1: <script>alert(\"x\")</script> & it's \"quoted\"");

    Harness.Response r = get(linkQuery("evil-1", "approve", inAnHour()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .doesNotContain("<script>")
        .contains(
            "exit 1: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s"
                + " &quot;quoted&quot;");
  }

  @Test
  void refusesAParameterGivenTwice() throws Exception {
    String twice = linkQuery(INCIDENT, "approve", inAnHour()) + "&decision=reject";

    Harness.Response r = post(twice);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("parameter decision is given more than once");
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void acceptsABase64FormBody() throws Exception {
    ObjectNode e = withFormHeader(Harness.event("POST", "/approve", "", null));
    e.put(
        "body",
        Base64.getEncoder()
            .encodeToString(
                linkQuery(INCIDENT, "approve", inAnHour()).getBytes(StandardCharsets.UTF_8)));
    e.put("isBase64Encoded", true);

    assertThat(h.call(e).status()).isEqualTo(200);
    assertThat(h.workflow.of("success")).hasSize(1);
  }

  @Test
  void linksAreOffWithoutALinkSecret() throws Exception {
    Harness slackOnly = new Harness(Harness.SLACK_SECRET_ARN, "");

    Harness.Response r =
        slackOnly.call(
            Harness.event("GET", "/approve", linkQuery(INCIDENT, "approve", inAnHour()), null));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("approval links are not configured");
  }

  @Test
  void aLinkDecidesOnlyTheRequestItWasMadeForNotALaterOneOfTheSameIncident() throws Exception {
    String firstLink = linkQuery(INCIDENT, "approve", inAnHour());
    // The workflow asks again for the same incident: a new request, a new nonce, new links.
    h.store.pending(
        INCIDENT, "task-token-2", NOW.plus(Duration.ofHours(1)), "OOM", Harness.LATER_NONCE);

    Harness.Response page = get(firstLink);
    Harness.Response reused = post(firstLink);

    assertThat(page.status()).isEqualTo(409);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.body())
        .contains("This link is for an earlier request")
        .contains("a newer request replaced it");
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
    assertThat(h.denials)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo(INCIDENT);
              assertThat(d.who()).isEqualTo("signed link, request 01234567");
              assertThat(d.where()).isEqualTo("from 203.0.113.9, user-agent Mozilla/5.0 (test)");
              assertThat(d.reason()).contains("a newer request replaced it");
            });

    Harness.Response current =
        post(linkQuery(INCIDENT, "approve", inAnHour(), Harness.LATER_NONCE));
    assertThat(current.status()).as("the new request's own link").isEqualTo(200);
    assertThat(h.workflow.of("success").getFirst().taskToken()).isEqualTo("task-token-2");
  }

  @Test
  void aLinkWithoutTheRequestNonceIsRefused() throws Exception {
    String old =
        "incident="
            + INCIDENT
            + "&decision=approve&expires="
            + inAnHour()
            + "&sig="
            + Harness.hmacHex(Harness.LINK_SECRET, INCIDENT + "|approve|" + inAnHour());

    Harness.Response r = post(old);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("request must be the approval request&#39;s nonce");
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void withLinkApprovalsDisabledAGenuineLinkIsRefusedAndTheRefusalAudited() throws Exception {
    Harness linksOff = new Harness(Harness.ALICE_OF_T1, false);

    Harness.Response page =
        linksOff.call(
            Harness.event("GET", "/approve", linkQuery(INCIDENT, "approve", inAnHour()), null));
    Harness.Response decided =
        linksOff.call(
            withFormHeader(
                Harness.event("POST", "/approve", "", linkQuery(INCIDENT, "approve", inAnHour()))));

    assertThat(page.status()).isEqualTo(403);
    assertThat(decided.status()).isEqualTo(403);
    assertThat(decided.body())
        .contains("Link approvals are disabled")
        .contains("ecs-medic approve " + INCIDENT);
    assertThat(linksOff.workflow.calls).isEmpty();
    assertThat(linksOff.store.get(INCIDENT).status()).isEqualTo("PENDING");
    assertThat(linksOff.denials)
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.source()).isEqualTo("link"));
  }

  @Test
  void aUserAgentIsStoredWithoutControlOrBidiCharacters() throws Exception {
    ObjectNode e =
        withFormHeader(
            Harness.event("POST", "/approve", "", linkQuery(INCIDENT, "approve", inAnHour())));
    ((ObjectNode) e.get("headers")).put("user-agent", "curl\u202E\n\u200BAPPROVED by root");

    assertThat(h.call(e).status()).isEqualTo(200);

    assertThat(h.store.get(INCIDENT).approver())
        .isEqualTo(
            "signed link, request 01234567, from 203.0.113.9, user-agent curl APPROVED by root");
  }
}
