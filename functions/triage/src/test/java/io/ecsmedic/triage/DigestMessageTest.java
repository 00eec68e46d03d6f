package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.audit.PendingDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestMessageTest {
  private static final Instant ALERTED = Instant.parse("2026-03-01T14:02:00Z");

  private static PendingDigest pending(String service, long suppressed, long digested) {
    return new PendingDigest(
        "123456789012|us-east-1|prod|" + service + "|OOM|CONTAINER_LIMIT",
        "4e1a9e978e9a-1772373720",
        "OOM",
        "CONTAINER_LIMIT",
        "prod",
        service,
        suppressed,
        suppressed - digested,
        ALERTED,
        ALERTED.plusSeconds(3300));
  }

  @Test
  void listsTheBusiestIncidentFirstWithWhatNoAlertReportedYet() {
    DigestMessage m =
        new DigestMessage(List.of(pending("cart", 12, 2), pending("payments-api", 980, 0)));

    assertThat(m.subject())
        .isEqualTo("[ecs-medic] Digest: 2 incidents still repeating, 990 repeats");
    String[] lines = m.text().split("\n");
    assertThat(lines[2])
        .isEqualTo(
            "   980  payments-api (prod)  OOM / CONTAINER_LIMIT  incident 4e1a9e978e9a-1772373720,"
                + " alerted 03-01 14:02Z, last 03-01 14:57Z");
    assertThat(lines[3]).startsWith("    10  cart (prod)");
    assertThat(m.text())
        .endsWith("Every occurrence: ecs-medic history --cluster prod --service payments-api\n");
    JsonNode json = m.json();
    assertThat(json.get("kind").asText()).isEqualTo("digest");
    assertThat(json.get("repeats").asLong()).isEqualTo(990);
    assertThat(json.at("/incidents/1/repeatsSinceAlert").asLong()).isEqualTo(12);
  }

  @Test
  void foldsIncidentsBeyondTheLineLimitIntoOneLine() {
    List<PendingDigest> many = new ArrayList<>();
    for (int i = 0; i < DigestMessage.MAX_LINES + 5; i++) {
      many.add(pending(String.format("svc-%02d", i), 3, 0));
    }

    DigestMessage m = new DigestMessage(many);

    assertThat(m.text()).contains("and 5 more incidents (15 repeats)");
    assertThat(m.text().lines().filter(l -> l.contains(" incident ")).count())
        .isEqualTo(DigestMessage.MAX_LINES);
    assertThat(m.json().get("incidents")).hasSize(DigestMessage.MAX_LINES + 5);
  }
}
