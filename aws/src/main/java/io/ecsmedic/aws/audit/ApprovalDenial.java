package io.ecsmedic.aws.audit;

import java.time.Instant;

/**
 * A refused attempt to decide an approval, kept under the approval's key ({@link
 * AuditTable#recordApprovalDenial}): who tried, from where, and why it was refused. Every text is
 * stored through {@link AuditText}.
 *
 * @param key the incident id or cleanup run id the attempt named
 * @param who the Slack user (id and name) or the link's caller ({@code signed link, request …})
 * @param where the Slack team, app and channel ids, or the link's source IP and user agent
 * @param source {@code slack} or {@code link}
 * @param reason why it was refused, in the words the refused person read
 */
public record ApprovalDenial(
    String key, Instant at, String who, String where, String source, String reason) {}
