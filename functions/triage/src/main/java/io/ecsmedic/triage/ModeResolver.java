package io.ecsmedic.triage;

import io.ecsmedic.model.Mode;
import io.ecsmedic.model.ResourceRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety mode for a service (docs/remediation.md, "Modes"): the template's Mode, overridden by
 * the service tag {@code ecs-medic:mode} ({@code off}, {@code observe}, {@code propose}, {@code
 * auto}). Tags are cached briefly per service so a crash-looping service costs one lookup per TTL,
 * not per event.
 *
 * <p>Fails closed: when the tags cannot be read (throttled, denied, a deleted service), nobody
 * knows whether the service opted out, so the event is handled in OBSERVE, never in the template's
 * mode, and the reason goes into the alert and the audit record. A failed read is not cached: the
 * next event asks again.
 */
final class ModeResolver {
  static final String TAG = "ecs-medic:mode";

  /** Reads a service's tags; throws when they cannot be read. */
  interface ServiceTags {
    Map<String, String> tagsOf(String serviceArn);
  }

  /**
   * The mode an event is handled in.
   *
   * @param why why it is not the configured one (tag unreadable, foreign account); null when it is
   */
  record Resolved(Mode mode, String why) {
    static Resolved of(Mode mode) {
      return new Resolved(mode, null);
    }
  }

  private record Cached(Mode mode, Instant expires) {}

  private static final Logger LOG = LoggerFactory.getLogger(ModeResolver.class);

  private final Mode defaultMode;
  private final Map<String, Mode> accountModes;
  private final ServiceTags tags;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  ModeResolver(Mode defaultMode, ServiceTags tags, Duration ttl, Clock clock) {
    this(defaultMode, Map.of(), tags, ttl, clock);
  }

  /**
   * @param accountModes the default mode of some accounts (prod PROPOSE, dev AUTO, say), in place
   *     of {@code defaultMode}; the service tag still overrides it
   */
  ModeResolver(
      Mode defaultMode,
      Map<String, Mode> accountModes,
      ServiceTags tags,
      Duration ttl,
      Clock clock) {
    this.defaultMode = defaultMode;
    this.accountModes = Map.copyOf(accountModes);
    this.tags = tags;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * The service's tag when it names a mode; the default when it has none; OBSERVE when it cannot be
   * read or names no mode.
   */
  Resolved modeFor(ResourceRef r) {
    return modeFor(r, tags);
  }

  /** The mode, the tag read in the account and region {@code reach} names (when it names one). */
  Resolved modeFor(ResourceRef r, AccountReach.Reach reach) {
    return modeFor(r, reach instanceof AccountReach.Reached in ? in.tags().orElse(tags) : tags);
  }

  private Resolved modeFor(ResourceRef r, ServiceTags tags) {
    Mode defaultMode =
        r.account() == null
            ? this.defaultMode
            : accountModes.getOrDefault(r.account(), this.defaultMode);
    if (r.account() == null || r.region() == null || r.cluster() == null || r.service() == null) {
      return Resolved.of(defaultMode);
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
      return Resolved.of(hit.mode());
    }
    String value;
    try {
      value = tags.tagsOf(arn).get(TAG);
    } catch (RuntimeException e) {
      String why = "mode tag unreadable: observing only (" + e.getClass().getSimpleName() + ")";
      LOG.warn("{} on {}: {}", why, arn, e.getMessage());
      return new Resolved(Mode.OBSERVE, why);
    }
    if (value == null) {
      cache.put(arn, new Cached(defaultMode, now.plus(ttl)));
      return Resolved.of(defaultMode);
    }
    try {
      Mode mode = Mode.parse(value);
      cache.put(arn, new Cached(mode, now.plus(ttl)));
      return Resolved.of(mode);
    } catch (IllegalArgumentException e) {
      // A typo of "off" must not page and remediate: an unknown value is not the default either.
      String shown = value.length() <= 20 ? value : value.substring(0, 20) + "…";
      String why = "mode tag '" + shown + "' unknown: observing only";
      LOG.warn("{} on {}", why, arn);
      return new Resolved(Mode.OBSERVE, why);
    }
  }
}
