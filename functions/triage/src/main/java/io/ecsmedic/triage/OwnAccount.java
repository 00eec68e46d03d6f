package io.ecsmedic.triage;

import java.util.Optional;

/**
 * The account this stack runs in, read from the invocation's function ARN ({@code
 * arn:aws:lambda:region:ACCOUNT:function:name}). Lambda states it on every invocation: no API call
 * (STS would cost a round trip and a cold-start client), no permission, and no template parameter
 * that a copied stack could get wrong.
 */
final class OwnAccount {
  private OwnAccount() {}

  /** Empty when the ARN is missing or not a Lambda function ARN: no event is then trusted. */
  static Optional<String> fromFunctionArn(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    String[] parts = arn.split(":", -1);
    boolean lambdaArn = parts.length >= 7 && parts[0].equals("arn") && parts[2].equals("lambda");
    return lambdaArn && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
  }
}
