package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a Lambda function URL event (payload format 2.0) the approval routes use. The body
 * is kept as the bytes the caller sent, because Slack signs those.
 *
 * @param headers header values by lower-case name
 * @param body the raw body bytes (base64-decoded when the event says so)
 */
record FunctionUrlRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, String> headers,
    byte[] body,
    String sourceIp) {

  /** The event cannot be read as a function URL request. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  static FunctionUrlRequest from(JsonNode event) throws MalformedException {
    if (event == null || !event.isObject()) {
      throw new MalformedException("not a function URL event");
    }
    JsonNode http = event.path("requestContext").path("http");
    String method = http.path("method").asText("").toUpperCase(Locale.ROOT);
    String path = event.path("rawPath").asText("");
    if (method.isEmpty() || path.isEmpty()) {
      throw new MalformedException("not a function URL event: no method or path");
    }
    Map<String, String> headers = new HashMap<>();
    event
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    byte[] body;
    String text = event.path("body").asText("");
    if (event.path("isBase64Encoded").asBoolean(false)) {
      try {
        body = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new MalformedException("the body is not valid base64");
      }
    } else {
      body = text.getBytes(StandardCharsets.UTF_8);
    }
    return new FunctionUrlRequest(
        method,
        path,
        event.path("rawQueryString").asText(""),
        Map.copyOf(headers),
        body,
        http.path("sourceIp").asText("unknown"));
  }

  String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
