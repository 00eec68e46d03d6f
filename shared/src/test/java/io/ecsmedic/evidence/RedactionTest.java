package io.ecsmedic.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table of real-shaped secrets as applications print them, and of what must survive redaction
 * because on-call needs it (ids, digests, ARNs, stack frames).
 */
class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          AWS access key id | aws_access_key_id=AKIAIOSFODNN7EXAMPLE | AKIAIOSFODNN7EXAMPLE
          session key id in prose | using credentials ASIAY34FZKBOKMUTVV7A from env | ASIAY34FZKBOKMUTVV7A
          AWS secret access key | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI
          bearer header | Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA.x-y_z | 2YotnFZFEjr1zCsicMWpAA
          JWT | token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | dozjgNryP4J3jVmNHl0w5N
          GitHub token | cloning with ghp_16C7e42F292c6912E7710c838347Ae178B4a failed | ghp_16C7e42F292c6912E7710c838347Ae178B4a
          GitHub fine-grained token | GITHUB_TOKEN github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ | github_pat_11ABCDEFG
          Slack bot token | slack auth failed for xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy | pdFZKVeTuE8sk7oOcBrzbqgy
          Slack webhook | POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX 404 | XXXXXXXXXXXXXXXXXXXXXXXX
          postgres URL | connecting to postgres://orders:s3cr3t-Pa55@db.internal:5432/orders | s3cr3t-Pa55
          mongodb+srv URL | MongoNetworkError mongodb+srv://app:hunter2@cluster0.abcde.mongodb.net/test | hunter2
          redis URL with empty user | redis://:Zm9vYmFy@cache:6379/0 refused | Zm9vYmFy
          password key-value | DB_PASSWORD=correct-horse-battery-staple | correct-horse-battery-staple
          PGPASSWORD | export PGPASSWORD=Tr0ub4dor&3 | Tr0ub4dor
          spring property | spring.datasource.password: Sup3rS3cret! | Sup3rS3cret!
          JSON secret | {"level":"error","client_secret":"8f2a1c9d0e7b","msg":"auth"} | 8f2a1c9d0e7b
          api key | apiKey=sk_live_51H8aBcDeFgHiJkLmNoPqRsT | sk_live_51H8aBcDeFgHiJkLmNoPqRsT
          secret colon | secret: my-very-secret-value | my-very-secret-value
          private key one line | key=-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA7bq98yLx-----END RSA PRIVATE KEY----- | MIIEowIBAAKCAQEA7bq98yLx
          private key block start | -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA | b3BlbnNzaC1rZXktdjEAAAAA
          """)
  void secretsAreRedacted(String kind, String line, String secret) {
    String redacted = Redaction.redact(line);

    assertThat(redacted).as(kind).doesNotContain(secret).contains(Redaction.MASK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request 3f2504e0-4f89-41d3-9a0c-0305e82c3301 failed",
        "image sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 pulled",
        "commit da39a3ee5e6b4b0d3255bfef95601890afd80709 deployed",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-AbCdEf",
        "arn:aws:ecs:us-east-1:123456789012:task/prod/0f3c5b1e2a4d4e6f8a9b0c1d2e3f4a5b",
        "arn:aws:ssm:us-east-1:123456789012:parameter/prod/orders/db_password",
        "\tat com.example.orders.TokenService.refresh(TokenService.java:42)",
        "Caused by: java.net.ConnectException: Connection refused (Connection refused)",
        "org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"orders\"",
        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
        "jdbc:postgresql://db.internal:5432/orders",
        "GET https://api.example.com/v1/orders?page=2 200",
        "listening on 0.0.0.0:8080"
      })
  void whatOnCallNeedsSurvives(String line) {
    assertThat(Redaction.redact(line)).isEqualTo(line);
  }

  @org.junit.jupiter.api.Test
  void theKeyAndSchemeStayVisible() {
    assertThat(Redaction.redact("DB_PASSWORD=hunter2 user=orders"))
        .isEqualTo("DB_PASSWORD=[REDACTED] user=orders");
    assertThat(Redaction.redact("postgres://orders:hunter2@db:5432/orders"))
        .isEqualTo("postgres://orders:[REDACTED]@db:5432/orders");
    assertThat(Redaction.redact(List.of("a", "token=abc")))
        .containsExactly("a", "token=[REDACTED]");
  }

  @org.junit.jupiter.api.Test
  void hostileInputStaysFast() {
    String hostile = "password".repeat(5_000) + "=" + "a:".repeat(20_000) + "@".repeat(10_000);
    long started = System.nanoTime();
    Redaction.redact(hostile);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
  }

  @org.junit.jupiter.api.Test
  void aPrivateKeyOverSeveralLinesIsMaskedToItsEnd() {
    assertThat(
            Redaction.redact(
                List.of(
                    "loaded key:",
                    "-----BEGIN PRIVATE KEY-----",
                    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
                    "-----END PRIVATE KEY-----",
                    "started")))
        .containsExactly("loaded key:", "[REDACTED]", "[REDACTED]", "[REDACTED]", "started");
  }
}
