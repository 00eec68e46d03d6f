package io.ecsmedic.triage;

import io.ecsmedic.aws.AccountTargets;
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
    return AccountTargets.accountOfFunction(arn);
  }
}
