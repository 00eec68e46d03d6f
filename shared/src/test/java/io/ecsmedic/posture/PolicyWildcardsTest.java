package io.ecsmedic.posture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyWildcardsTest {
  @Test
  void findsAllowedWildcardsInArraysAndSingleStatements() {
    assertThat(
            PolicyWildcards.find(
                "app",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"sqs:SendMessage\"],"
                    + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"*\"}]}"))
        .containsExactly("app: s3:*");
    assertThat(
            PolicyWildcards.find(
                "admin",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"))
        .containsExactly("admin: *");
  }

  @Test
  void anUnparsableDocumentIsNotReadAsClean() {
    assertThat(PolicyWildcards.find("x", "not json")).isNull();
  }
}
