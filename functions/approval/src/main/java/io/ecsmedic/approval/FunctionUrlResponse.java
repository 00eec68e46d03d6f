package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** A function URL response (payload format 2.0): status, headers and a text body. */
record FunctionUrlResponse(int statusCode, Map<String, String> headers, String body) {

  /**
   * Pages and answers are about one decision and must not be cached; pages may not be framed, run
   * scripts or leak the signed URL as a referrer, and may submit their form only to this function.
   */
  private static final Map<String, String> HTML_HEADERS =
      Map.of(
          "content-type", "text/html; charset=utf-8",
          "cache-control", "no-store",
          "content-security-policy",
              "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                  + " frame-ancestors 'none'; base-uri 'none'",
          "referrer-policy", "no-referrer",
          "x-content-type-options", "nosniff",
          "x-frame-options", "DENY");

  static FunctionUrlResponse text(int status, String text) {
    return new FunctionUrlResponse(
        status,
        Map.of(
            "content-type", "text/plain; charset=utf-8",
            "cache-control", "no-store",
            "x-content-type-options", "nosniff"),
        text + "\n");
  }

  static FunctionUrlResponse html(int status, String html) {
    return new FunctionUrlResponse(status, HTML_HEADERS, html);
  }

  FunctionUrlResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new FunctionUrlResponse(statusCode, Map.copyOf(h), body);
  }

  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("statusCode", statusCode);
    ObjectNode h = o.putObject("headers");
    headers.forEach(h::put);
    o.put("body", body);
    o.put("isBase64Encoded", false);
    return o;
  }
}
