package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** The handler over a use case wired by a test, driven as the Lambda runtime drives it. */
final class TestTriage {
  private TestTriage() {}

  static TriageHandler handler(Triage triage) {
    return handler(triage, TriageMetrics.NONE);
  }

  static TriageHandler handler(Triage triage, TriageMetrics metrics) {
    return new TriageHandler(new TriageWiring.Components(triage, metrics));
  }

  /** Invokes with {@link TestContext} (its function ARN is in account 123456789012). */
  static JsonNode invoke(TriageHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext("triage"));
    return Json.MAPPER.readTree(out.toByteArray());
  }
}
