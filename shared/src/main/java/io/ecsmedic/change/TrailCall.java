package io.ecsmedic.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One CloudTrail management event as LookupEvents returns it, before anyone decided whether it
 * matters.
 *
 * @param identityArn {@code userIdentity.arn} of the caller
 * @param requestParameters the call's {@code requestParameters} (AWS writes them camelCase; the
 *     local emulator records the request as sent, so {@link #parameter} ignores case)
 */
public record TrailCall(Instant at, String name, String identityArn, JsonNode requestParameters) {

  /** A request parameter by name, whatever its case; null when absent or not text. */
  public String parameter(String name) {
    if (requestParameters == null || !requestParameters.isObject()) {
      return null;
    }
    var fields = requestParameters.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      if (f.getKey().equalsIgnoreCase(name) && f.getValue().isTextual()) {
        return f.getValue().asText();
      }
    }
    return null;
  }
}
