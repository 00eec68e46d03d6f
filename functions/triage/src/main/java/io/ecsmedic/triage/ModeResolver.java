package io.ecsmedic.triage;

import io.ecsmedic.model.ResourceRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety mode for a service (docs/remediation.md, "Modes"): the template's Mode, overridden by
 * the service tag {@code ecs-medic:mode} ({@code off}, {@code observe}, {@code propose}, {@code
 * auto}). Tags are cached briefly per service so a crash-looping service costs one lookup per TTL,
 * not per event.
 */
final class ModeResolver {
  static final String TAG = "ecs-medic:mode";
  static final String OFF = "OFF";

  /** Reads a service's tags; an empty map when there are none or they cannot be read. */
  interface ServiceTags {
    Map<String, String> tagsOf(String serviceArn);
  }

  private record Cached(String mode, Instant expires) {}

  private static final Logger LOG = LoggerFactory.getLogger(ModeResolver.class);

  private final String defaultMode;
  private final ServiceTags tags;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  ModeResolver(String defaultMode, ServiceTags tags, Duration ttl, Clock clock) {
    this.defaultMode = defaultMode;
    this.tags = tags;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** OBSERVE, PROPOSE, AUTO or OFF. */
  String modeFor(ResourceRef r) {
    if (r.account() == null || r.region() == null || r.cluster() == null || r.service() == null) {
      return defaultMode;
    }
    String arn =
        "arn:aws:ecs:"
            + r.region()
            + ":"
            + r.account()
            + ":service/"
            + r.cluster()
            + "/"
            + r.service();
    Instant now = clock.instant();
    Cached hit = cache.get(arn);
    if (hit != null && hit.expires().isAfter(now)) {
      return hit.mode();
    }
    String mode = fromTag(tags.tagsOf(arn).get(TAG), arn);
    cache.put(arn, new Cached(mode, now.plus(ttl)));
    return mode;
  }

  private String fromTag(String value, String arn) {
    if (value == null) {
      return defaultMode;
    }
    String mode = value.trim().toUpperCase(Locale.ROOT);
    return switch (mode) {
      case "OFF", "OBSERVE", "PROPOSE", "AUTO" -> mode;
      default -> {
        LOG.warn(
            "ignoring tag {}={} on {}: expected off, observe, propose or auto", TAG, value, arn);
        yield defaultMode;
      }
    };
  }
}
