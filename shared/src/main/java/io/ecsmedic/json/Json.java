package io.ecsmedic.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of ecs-medic. Unknown properties are ignored because ECS adds fields
 * to its events over time ("make sure that your application is prepared to handle unknown
 * properties").
 */
public final class Json {
  /** Thread-safe once configured; share it. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    // EventBridge caps an event at 256 KB; allow pasted text up to the CLI's 1 MiB line limit.
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(2 * 1024 * 1024)
                .maxNestingDepth(200)
                .build());
  }

  private Json() {}
}
