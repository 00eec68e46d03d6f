package io.ecsmedic.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, in the shape of Powertools for AWS Lambda's Lambda layout: {@code
 * level}, {@code message}, {@code logger}, {@code timestamp} (ISO-8601, UTC), then every MDC entry
 * as a top-level field (Powertools puts {@code function_name}, {@code function_request_id}, {@code
 * cold_start}, {@code service}, {@code xray_trace_id} and the like there; ecs-medic adds {@code
 * eventId}, {@code incidentId}, {@code category}, …), key-value pairs of SLF4J's fluent API the
 * same way, and an {@code error} object ({@code name}, {@code message}, {@code stack}) when the
 * line carries an exception.
 *
 * <p>Powertools' own logback encoder would do this; it is not used because ecs-medic's build
 * registry does not serve {@code powertools-logging-logback}, and Log4j (the module that is served)
 * costs a cold start about 0.3 s more (docs/performance.md, "Logging").
 */
public final class LambdaJsonEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  /** The fields this encoder writes itself; an MDC entry of the same name is left out. */
  private static final Set<String> OWN = Set.of("level", "message", "logger", "timestamp", "error");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("message", event.getFormattedMessage());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
        if (!OWN.contains(e.getKey())) {
          json.writeStringField(e.getKey(), e.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          if (!OWN.contains(pair.key)) {
            json.writeStringField(pair.key, String.valueOf(pair.value));
          }
        }
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        json.writeObjectFieldStart("error");
        json.writeStringField("name", error.getClassName());
        json.writeStringField("message", error.getMessage());
        json.writeStringField("stack", ThrowableProxyUtil.asString(error));
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
