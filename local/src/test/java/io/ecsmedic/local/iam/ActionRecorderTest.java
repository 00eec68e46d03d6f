package io.ecsmedic.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

class ActionRecorderTest {
  @Test
  void attributesACallToTheFunctionWhoseKeysSignedIt() {
    ActionRecorder.attribute("ASIARECORDERTEST", "stack-TriageFunction-1");

    send("ASIARECORDERTEST", "dynamodb", "PutItem");
    send("000000000000", "dynamodb", "DeleteTable"); // root: the harness, not recorded

    assertThat(ActionRecorder.calls())
        .contains(new ActionRecorder.Call("stack-TriageFunction-1", "dynamodb:PutItem"))
        .noneMatch(c -> c.action().equals("dynamodb:DeleteTable"));
  }

  private static void send(String keyId, String signingName, String operation) {
    SdkHttpFullRequest http =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:4566/"))
            .putHeader(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + keyId
                    + "/20261206/us-east-1/"
                    + signingName
                    + "/aws4_request, SignedHeaders=host, Signature=0")
            .build();
    ExecutionAttributes attributes = new ExecutionAttributes();
    attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
    new ActionRecorder().beforeTransmission(new Sent(http), attributes);
  }

  /** The one thing the recorder reads of the context: the signed HTTP request. */
  private record Sent(SdkHttpRequest httpRequest) implements Context.BeforeTransmission {
    @Override
    public SdkRequest request() {
      return GetCallerIdentityRequest.builder().build();
    }

    @Override
    public Optional<RequestBody> requestBody() {
      return Optional.empty();
    }

    @Override
    public Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
      return Optional.empty();
    }
  }
}
