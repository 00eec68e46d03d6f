package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The member stack's roles as the multi-account tests create them in a member account: a trust
 * policy naming the central account, and member/template.yaml's own inline policies, so the
 * emulator's IAM enforcement checks exactly what the member stack grants.
 */
final class MemberRoles {
  private MemberRoles() {}

  /** A trust policy letting principals of {@code centralAccount} assume the role. */
  static String trusting(String centralAccount) {
    return Json.MAPPER
        .createObjectNode()
        .put("Version", "2012-10-17")
        .set(
            "Statement",
            Json.MAPPER
                .createArrayNode()
                .add(
                    Json.MAPPER
                        .createObjectNode()
                        .put("Effect", "Allow")
                        .put("Action", "sts:AssumeRole")
                        .set(
                            "Principal",
                            Json.MAPPER
                                .createObjectNode()
                                .put("AWS", "arn:aws:iam::" + centralAccount + ":root"))))
        .toString();
  }

  /**
   * The inline policies of a role of member/template.yaml (those written out, not behind an {@code
   * !If}), by name, with {@code ${AWS::Partition}} and {@code ${AWS::AccountId}} substituted.
   */
  static Map<String, String> policies(String role, String account) {
    JsonNode template = Templates.read(Fixtures.ROOT.resolve("member/template.yaml"));
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode p : template.at("/Resources/" + role + "/Properties/Policies")) {
      if (p.has("PolicyName")) {
        out.put(
            p.path("PolicyName").asText(),
            p.path("PolicyDocument")
                .toString()
                .replace("${AWS::Partition}", "aws")
                .replace("${AWS::AccountId}", account));
      }
    }
    assertThat(out).as(role + "'s policies").isNotEmpty();
    return out;
  }
}
