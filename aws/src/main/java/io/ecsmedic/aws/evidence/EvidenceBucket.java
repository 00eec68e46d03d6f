package io.ecsmedic.aws.evidence;

import io.ecsmedic.evidence.FlightRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The flight recorder's bucket: one JSON object per incident, {@code incidents/<incident id>.json}
 * ({@link FlightRecord#key}), encrypted at rest (the bucket's default SSE-S3, and asked for on
 * every put), expired by the bucket's lifecycle rule. Triage writes, {@code ecs-medic show} reads.
 */
public final class EvidenceBucket {
  private final S3Client s3;
  private final String bucket;

  public EvidenceBucket(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Where an incident's record is (or would be). */
  public String uri(String incidentId) {
    return "s3://" + bucket + "/" + FlightRecord.key(incidentId);
  }

  /** The S3 console page of an incident's record. */
  public String consoleLink(String region, String incidentId) {
    return "https://"
        + region
        + ".console.aws.amazon.com/s3/object/"
        + bucket
        + "?prefix="
        + FlightRecord.key(incidentId);
  }

  /**
   * Writes the record.
   *
   * @return its {@code s3://} URI
   */
  public String put(FlightRecord record) {
    s3.putObject(
        r ->
            r.bucket(bucket)
                .key(FlightRecord.key(record.incidentId()))
                .contentType("application/json")
                .serverSideEncryption(ServerSideEncryption.AES256),
        RequestBody.fromString(record.toJson(), StandardCharsets.UTF_8));
    return uri(record.incidentId());
  }

  /** The incident's record; empty when there is none (never written, or expired). */
  public Optional<FlightRecord> get(String incidentId) {
    try {
      return Optional.of(
          FlightRecord.parse(
              s3.getObjectAsBytes(r -> r.bucket(bucket).key(FlightRecord.key(incidentId)))
                  .asUtf8String()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }
}
