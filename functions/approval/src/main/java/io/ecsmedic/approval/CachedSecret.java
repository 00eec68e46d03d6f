package io.ecsmedic.approval;

import io.ecsmedic.signing.ApprovalLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A signing key read from Secrets Manager when first needed and then kept for {@link #TTL}, so a
 * rotation takes effect within minutes without a Secrets Manager call per request. The key is
 * {@link ApprovalLinks#secretKey} of the SecretString: its trimmed UTF-8 bytes.
 */
final class CachedSecret implements Supplier<byte[]> {
  static final Duration TTL = Duration.ofMinutes(5);

  private final SecretSource source;
  private final String secretId;
  private final Clock clock;
  private byte[] cached;
  private Instant cachedUntil = Instant.MIN;

  CachedSecret(SecretSource source, String secretId, Clock clock) {
    this.source = source;
    this.secretId = secretId;
    this.clock = clock;
  }

  @Override
  public synchronized byte[] get() {
    Instant now = clock.instant();
    if (cached == null || !now.isBefore(cachedUntil)) {
      String value = source.read(secretId);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("secret " + secretId + " has no SecretString");
      }
      cached = ApprovalLinks.secretKey(value);
      cachedUntil = now.plus(TTL);
    }
    return cached.clone();
  }
}
