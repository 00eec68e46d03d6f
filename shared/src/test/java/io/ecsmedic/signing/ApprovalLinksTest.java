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
  private static final String NONCE = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_NONCE = "f".repeat(32);

  @Test
  void signsIncidentDecisionExpiryAndRequestLikeOpenssl() {
    // printf 'abc123-1700000000|approve|1700003600|0123456789abcdef0123456789abcdef' \
    //   | openssl dgst -sha256 -hmac 'link-secret-0123456789abcdef'
    assertThat(ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, NONCE, SECRET))
        .isEqualTo("108b29207714c6ffd6e956316ce86da43a58ed1001c75248133ea10f42ea2eef");
    assertThat(ApprovalLinks.sign(INCIDENT, "reject", EXPIRES, NONCE, SECRET))
        .isEqualTo("c310c62c4ca6bec9d61ef01f37752b6805a213274602e366f3ddb9fa6c0c5bd5");
  }

  @Test
  void signsWhatJavaxCryptoComputesForTheDocumentedMessage() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal(("inc-9|reject|42|" + NONCE).getBytes(StandardCharsets.UTF_8)));

    assertThat(ApprovalLinks.sign("inc-9", "reject", 42, NONCE, SECRET)).isEqualTo(expected);
  }

  @Test
  void buildsTheLinkBelowTheFunctionUrl() {
    URI link =
        ApprovalLinks.link(
            URI.create("https://abc.lambda-url.eu-west-1.on.aws/"),
            INCIDENT,
            "approve",
            EXPIRES,
            NONCE,
            SECRET);

    assertThat(link)
        .hasToString(
            "https://abc.lambda-url.eu-west-1.on.aws/approve?incident=abc123-1700000000"
                + "&decision=approve&expires=1700003600&request="
                + NONCE
                + "&sig=108b29207714c6ffd6e956316ce86da43a58ed1001c75248133ea10f42ea2eef");
    assertThat(
            ApprovalLinks.link(
                URI.create("https://example.com/ops"), INCIDENT, "reject", 1, NONCE, SECRET))
        .hasPath("/ops/approve");
  }

  @Test
  void verifiesItsOwnSignatureInEitherCase() {
    String sig = ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, NONCE, SECRET);

    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, NONCE, sig, SECRET)).isTrue();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, NONCE, sig.toUpperCase(), SECRET))
        .isTrue();
  }

  @Test
  void anApproveSignatureDoesNotVerifyARejectALongerExpiryOrAnotherRequest() {
    String sig = ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, NONCE, SECRET);

    assertThat(ApprovalLinks.verify(INCIDENT, "reject", EXPIRES, NONCE, sig, SECRET)).isFalse();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES + 1, NONCE, sig, SECRET))
        .isFalse();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, OTHER_NONCE, sig, SECRET))
        .as("the same link pointed at another request of the incident")
        .isFalse();
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, null, sig, SECRET)).isFalse();
    assertThat(ApprovalLinks.verify("abc123-1700000001", "approve", EXPIRES, NONCE, sig, SECRET))
        .isFalse();
    assertThat(
            ApprovalLinks.verify(
                INCIDENT,
                "approve",
                EXPIRES,
                NONCE,
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
    assertThat(ApprovalLinks.verify(INCIDENT, "approve", EXPIRES, NONCE, sig, SECRET)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<script>alert(1)</script>", "a\"b", "a|approve", "a b", "é"})
  void refusesIncidentIdsOutsideTheAlphabet(String incident) {
    assertThatThrownBy(() -> ApprovalLinks.sign(incident, "approve", EXPIRES, NONCE, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ApprovalLinks.verify(incident, "approve", EXPIRES, NONCE, "0".repeat(64), SECRET))
        .isFalse();
  }

  @Test
  void refusesOtherDecisionsShortSecretsAndBasesWithAQuery() {
    assertThatThrownBy(() -> ApprovalLinks.sign(INCIDENT, "APPROVE", EXPIRES, NONCE, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, NONCE, new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(
            () ->
                ApprovalLinks.link(
                    URI.create("https://example.com/?a=b"), INCIDENT, "approve", 1, NONCE, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "0123456789ABCDEF0123456789ABCDEF", "x|approve"})
  void refusesNoncesOutsideTheirShape(String nonce) {
    assertThatThrownBy(() -> ApprovalLinks.sign(INCIDENT, "approve", EXPIRES, nonce, SECRET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeyIsTheTrimmedSecretString() {
    assertThat(ApprovalLinks.secretKey("  link-secret-0123456789abcdef\n")).isEqualTo(SECRET);
  }
}
