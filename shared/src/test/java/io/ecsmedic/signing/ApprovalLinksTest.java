package io.ecsmedic.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalLinksTest {
  private static final byte[] SECRET =
      "link-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String INCIDENT = "abc123-1700000000";
  private static final long EXPIRES = 1_700_003_600L;

  @Test
  void signsIncidentDecisionAndExpiryLikeOpenssl() {
    // printf 'abc123-1700000000|approve|1700003600' \
    //   | openssl dgst -sha256 -hmac 'link-secret-0123456789abcdef'
    assertThat(ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, SECRET))
        .isEqualTo("90316c483d7adf8c3575cfe2c6bbe7fbaab10977ce9829cc26727e724d96de33");
    assertThat(ApprovalLinks.sign(INCIDENT, "reject", EXPIRES, SECRET))
        .isEqualTo("a53ee50ab40e84a9bd6018646193ebfbd5a312f6a402f48cc8086bdc19ede760");
  }

  @Test
  void signsWhatJavaxCryptoComputesForTheDocumentedMessage() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal("inc-9|reject|42".getBytes(StandardCharsets.UTF_8)));

    assertThat(ApprovalLinks.sign("inc-9", "reject", 42, SECRET)).isEqualTo(expected);
  }

  @Test
  void buildsTheLinkBelowTheFunctionUrl() {
    URI link =
        ApprovalLinks.link(
            URI.create("https://abc.lambda-url.eu-west-1.on.aws/"),
            INCIDENT,
            "approve",
            EXPIRES,
            SECRET);

    assertThat(link)
        .hasToString(
            "https://abc.lambda-url.eu-west-1.on.aws/approve?incident=abc123-1700000000"
                + "&decision=approve&expires=1700003600"
                + "&sig=90316c483d7adf8c3575cfe2c6bbe7fbaab10977ce9829cc26727e724d96de33");
    assertThat(
            ApprovalLinks.link(
                URI.create("https://example.com/ops"), INCIDENT, "reject", 1, SECRET))
        .hasPath("/ops/approve");
  }

  @Test
  void verifiesItsOwnSignatureInEitherCase() {
    String sig = ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, SECRET);

    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, sig, SECRET)).isTrue();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, sig.toUpperCase(), SECRET))
        .isTrue();
  }

  @Test
  void anApproveSignatureDoesNotVerifyARejectOrALongerExpiry() {
    String sig = ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, SECRET);

    assertThat(ApprovalLinks.verify(INCIDENT, "reject", EXPIRES, sig, SECRET)).isFalse();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES + 1, sig, SECRET)).isFalse();
    assertThat(ApprovalLinks.verify("abc123-1700000001", "approve", EXPIRES, sig, SECRET))
        .isFalse();
    assertThat(
            ApprovalLinks.verify(
                INCIDENT,
                "approve",
                EXPIRES,
                sig,
                "another-secret-0123456789".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "zz",
        "90316c483d7adf8c3575cfe2c6bbe7fbaab10977ce9829cc26727e724d96de3"
      })
  void malformedSignaturesDoNotVerify(String sig) {
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, sig, SECRET)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<script>alert(1)</script>", "a\"b", "a|approve", "a b", "é"})
  void refusesIncidentIdsOutsideTheAlphabet(String incident) {
    assertThatThrownBy(() -> ApprovalLinks.sign(incident, "approve", EXPIRES, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ApprovalLinks.verify(incident, "approve", EXPIRES, "0".repeat(64), SECRET))
        .isFalse();
  }

  @Test
  void refusesOtherDecisionsShortSecretsAndBasesWithAQuery() {
    assertThatThrownBy(() -> ApprovalLinks.sign(INCIDENT, "APPROVE", EXPIRES, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(
            () ->
                ApprovalLinks.link(
                    URI.create("https://example.com/?a=b"), INCIDENT, "approve", 1, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyIsTheTrimmedSecretString() {
    assertThat(ApprovalLinks.secretKey("  link-secret-0123456789abcdef\n")).isEqualTo(SECRET);
  }
}
