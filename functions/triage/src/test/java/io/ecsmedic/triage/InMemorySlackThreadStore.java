package io.ecsmedic.triage;

import io.ecsmedic.aws.audit.SlackThread;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The thread store's contract in memory, for channel tests. */
final class InMemorySlackThreadStore implements SlackThreadStore {
  final Map<String, SlackThread> threads = new ConcurrentHashMap<>();

  @Override
  public Optional<SlackThread> threadOf(String incidentId) {
    return Optional.ofNullable(threads.get(incidentId));
  }

  @Override
  public void saveThread(String incidentId, String channel, String ts) {
    threads.putIfAbsent(incidentId, new SlackThread(channel, ts));
  }
}
