package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.triage.TriageHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Triage throughput and alert latency against the local emulator (make bench-triage; figures in
 * docs/performance.md). A benchmark, not a test: it prints figures and asserts nothing.
 *
 * <ol>
 *   <li><b>In-process</b>: the {@link TriageHandler} built with the environment the emulator
 *       resolved for the deployed function (as {@link LocalLambdaHost} builds it), called directly
 *       from 1 and 2 threads after a warm-up, on two mixes of distinct events (unique ids): {@code
 *       first} (every event a new incident: claim, count, audit, SNS publish) and {@code repeat}
 *       (20 incidents, the rest counted and suppressed). Each call makes its real DynamoDB / SNS /
 *       ECS calls to the emulator.
 *   <li><b>End to end</b>: paced PutEvents (batches of at most 10) → rule → triage in the local
 *       Lambda host → SNS → the SQS inbox, long-polled by two receivers; every event is a new
 *       incident with a unique service, so each must produce exactly one alert, matched by the
 *       service in the alert JSON. Latency = alert received minus the start of its PutEvents call.
 * </ol>
 *
 * Arguments: {@code [root] [--events N] [--warmup N] [--rate EVENTS_PER_S] [--seconds S] [--drain
 * S] [--only in-process|end-to-end]}: in-process events per run (default 300) and warm-up events
 * per mix (100); end-to-end rate (20/s), duration (30 s) and how long to wait for the last alerts
 * (30 s). Expects the emulator to be running (the Makefile starts it); resets it.
 */
public final class TriageBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  /** Paging task-stop fixtures, cycled: five categories, so the classifier does varied work. */
  private static final List<String> FIXTURES =
      List.of(
          "task-state-change/oom-container-limit.json",
          "task-state-change/pull-image-not-found-containerd.json",
          "task-state-change/app-exit-1.json",
          "task-state-change/secrets-ssm-access-denied.json",
          "task-state-change/log-group-missing-fargate.json");

  /** Services of the repeat-heavy mix: with 5 fixtures, 20 incidents (fingerprints) in all. */
  private static final int REPEAT_SERVICES = 20;

  record Options(Path root, int events, int warmup, int rate, int seconds, int drain, String only) {
    static Options parse(String[] args) {
      Map<String, Integer> n =
          new HashMap<>(
              Map.of("events", 300, "warmup", 100, "rate", 20, "seconds", 30, "drain", 30));
      String root = ".";
      String only = "";
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          root = a;
          continue;
        }
        String key = a.substring(2);
        String value;
        if (key.contains("=")) {
          value = key.substring(key.indexOf('=') + 1);
          key = key.substring(0, key.indexOf('='));
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(a + " needs a value");
        }
        if (key.equals("only")) {
          if (!List.of("in-process", "end-to-end").contains(value)) {
            throw new IllegalArgumentException("--only takes in-process or end-to-end");
          }
          only = value;
          continue;
        }
        if (!n.containsKey(key)) {
          throw new IllegalArgumentException(
              "unknown option " + a + "; known: --only --" + String.join(" --", n.keySet()));
        }
        int v = Integer.parseInt(value);
        if (v < 0 || (v == 0 && !key.equals("warmup"))) {
          throw new IllegalArgumentException(a + " must be positive");
        }
        n.put(key, v);
      }
      return new Options(
          Path.of(root).toAbsolutePath().normalize(),
          n.get("events"),
          n.get("warmup"),
          n.get("rate"),
          n.get("seconds"),
          n.get("drain"),
          only);
    }

    boolean runs(String phase) {
      return only.isEmpty() || only.equals(phase);
    }
  }

  private final Options options;
  private final List<JsonNode> templates = new ArrayList<>();
  private final long started = System.nanoTime();
  private final long emulatorPid;

  private TriageBenchmark(Options options) throws IOException {
    this.options = options;
    this.emulatorPid = emulatorPid(options.root);
    for (String f : FIXTURES) {
      templates.add(Json.MAPPER.readTree(options.root.resolve("events").resolve(f).toFile()));
    }
  }

  public static void main(String[] args) throws Exception {
    // Before anything logs: the handlers' JSON logs go to .local/bench-triage.log.
    System.setProperty("logback.configurationFile", "logback-bench.xml");
    // The handlers' EMF metric lines (one per event, printed to stdout as the Lambda runtime would
    // ship them to CloudWatch) go to .local/bench-metrics.log; this program prints through OUT.
    System.setOut(
        new PrintStream(
            new java.io.FileOutputStream(".local/bench-metrics.log"),
            true,
            StandardCharsets.UTF_8));
    Options options = Options.parse(args);
    new TriageBenchmark(options).run();
  }

  private void run() throws Exception {
    step(
        "Deploying template.yaml into the emulator at "
            + LocalAws.fromEnv(System.getenv()).endpoint());
    OUT.printf(
        "  %d cores, %s %s; in-process %d events per run (warm-up %d); end to end %d events/s for"
            + " %d s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        Runtime.version(),
        options.events,
        options.warmup,
        options.rate,
        options.seconds);
    try (LocalStackSession stack =
        LocalStackSession.open(
            options.root,
            "ecs-medic-bench",
            aws -> Map.of("Mode", "PROPOSE", "CliApprovals", "Enabled"))) {
      List<String> inProcess = options.runs("in-process") ? inProcess(stack) : List.of();
      List<String> endToEnd = options.runs("end-to-end") ? endToEnd(stack) : List.of();
      step("Results");
      inProcess.forEach(OUT::println);
      OUT.println();
      endToEnd.forEach(OUT::println);
      step("Tearing down the stack");
    }
    step("Done");
  }

  // ------------------------------------------------------------------------------ in-process ---

  private List<String> inProcess(LocalStackSession stack) throws Exception {
    String function = stack.deployment.resources().get("TriageFunction");
    TriageHandler handler = new TriageHandler(stack.functionEnvironment("TriageFunction"));
    LocalContext context =
        new LocalContext(function, "arn:aws:lambda:local:" + function, "bench", Long.MAX_VALUE);

    if (options.warmup > 0) {
      step("In-process warm-up: " + options.warmup + " events of each mix, 2 threads (discarded)");
      measure(handler, context, events("first", "warm-first", options.warmup), 2);
      measure(handler, context, events("repeat", "warm-repeat", options.warmup), 2);
    }
    List<String> table = new ArrayList<>();
    table.add(
        "In-process: TriageHandler.handleRequest called directly (real DynamoDB, SNS and ECS calls"
            + " to the emulator)");
    table.add(
        String.format(
            "  %-7s %7s %7s %10s %8s %8s %8s  %-17s %s",
            "mix",
            "threads",
            "events",
            "events/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "cores jvm/emu/oth",
            "decisions"));
    for (String mix : List.of("first", "repeat")) {
      for (int threads : List.of(1, 2)) {
        step(
            "In-process: mix "
                + mix
                + ", "
                + threads
                + " thread(s), "
                + options.events
                + " events");
        Cpu cpu = Cpu.now(emulatorPid);
        Run r =
            measure(
                handler,
                context,
                events(mix, "ip-" + mix + "-t" + threads, options.events),
                threads);
        long[] ms = r.latencies;
        String line =
            String.format(
                "  %-7s %7d %7d %10.1f %8.1f %8.1f %8.1f  %-17s %s%s",
                mix,
                threads,
                ms.length,
                ms.length / (r.wallNanos / 1e9),
                percentile(ms, 0.50) / 1e6,
                percentile(ms, 0.99) / 1e6,
                percentile(ms, 1.0) / 1e6,
                cpu.coresUntil(Cpu.now(emulatorPid)),
                r.decisions,
                r.errors.get() > 0 ? " (" + r.errors.get() + " errors)" : "");
        OUT.println(line);
        table.add(line);
      }
    }
    return table;
  }

  /** One in-process run: wall time, per-call latencies (ns), decisions by status. */
  private record Run(
      long wallNanos, long[] latencies, Map<String, Integer> decisions, AtomicInteger errors) {}

  private Run measure(TriageHandler handler, LocalContext context, List<byte[]> events, int threads)
      throws Exception {
    long[] latencies = new long[events.size()];
    String[] status = new String[events.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Runnable worker =
        () -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
          for (int i = next.getAndIncrement(); i < events.size(); i = next.getAndIncrement()) {
            out.reset();
            long t0 = System.nanoTime();
            try {
              handler.handleRequest(new ByteArrayInputStream(events.get(i)), out, context);
              latencies[i] = System.nanoTime() - t0;
              status[i] = out.toString(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
              latencies[i] = System.nanoTime() - t0;
              status[i] = null;
              if (errors.getAndIncrement() < 3) {
                OUT.println("  handler failed: " + e);
              }
            }
          }
        };
    List<Thread> pool = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.add(Thread.ofPlatform().name("bench-" + t).start(worker));
    }
    for (Thread t : pool) {
      t.join();
    }
    long wall = System.nanoTime() - t0;
    Map<String, Integer> decisions = new TreeMap<>();
    for (String s : status) {
      if (s != null) {
        decisions.merge(Json.MAPPER.readTree(s).path("status").asText(), 1, Integer::sum);
      }
    }
    return new Run(wall, latencies, decisions, errors);
  }

  /**
   * Distinct events (unique ids and task ARNs) on their own cluster: {@code first} gives every
   * event its own service (a new incident each), {@code repeat} cycles 20 services.
   */
  private List<byte[]> events(String mix, String cluster, int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String service =
          mix.equals("first")
              ? String.format("svc-%05d", i)
              : String.format("svc-%02d", i % REPEAT_SERVICES);
      out.add(event(i, cluster, service).toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private ObjectNode event(int i, String cluster, String service) {
    ObjectNode e = templates.get(i % templates.size()).deepCopy();
    String taskArn =
        String.format("arn:aws:ecs:us-east-1:123456789012:task/%s/%032x", cluster, (long) i);
    e.put("id", UUID.randomUUID().toString());
    e.putArray("resources").add(taskArn);
    ObjectNode detail = (ObjectNode) e.get("detail");
    detail.put("group", "service:" + service);
    detail.put("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/" + cluster);
    detail.put("taskArn", taskArn);
    return e;
  }

  // ------------------------------------------------------------------------------ end to end ---

  private List<String> endToEnd(LocalStackSession stack) throws Exception {
    // The in-process runs published thousands of alerts to the topic; start from an empty inbox.
    stack.sqs.purgeQueue(r -> r.queueUrl(stack.inboxUrl));

    step(
        "End to end warm-up: 20 events through EventBridge (builds the host's handler; discarded)");
    Map<String, Long> warm = new ConcurrentHashMap<>();
    try (Receivers receivers = new Receivers(stack, warm)) {
      List<JsonNode> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(event(i, "bench-e2e-warm", String.format("warm-%02d", i)));
      }
      stack.putEvents(batch, Duration.ofSeconds(2));
      awaitCount(warm, 20, Duration.ofSeconds(30));
    }

    int n = options.rate * options.seconds;
    int batchSize = Math.max(1, Math.min(10, (options.rate + 9) / 10));
    long intervalNanos = Math.round(batchSize * 1e9 / options.rate);
    step(
        String.format(
            "End to end: %d events, %d/s for %d s (PutEvents of %d every %.0f ms), each a new"
                + " incident",
            n, options.rate, options.seconds, batchSize, intervalNanos / 1e6));
    List<JsonNode> events = new ArrayList<>(n);
    List<String> services = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String service = String.format("e2e-%05d", i);
      services.add(service);
      events.add(event(i, "bench-e2e", service));
    }
    long[] sentAt = new long[n];
    Map<String, Long> received = new ConcurrentHashMap<>();
    int refused = 0;
    long putNanos = 0;
    long firstSend;
    long lastSend;
    Receivers receivers = new Receivers(stack, received);
    Cpu cpu = Cpu.now(emulatorPid);
    String cores;
    try {
      firstSend = System.nanoTime();
      for (int from = 0, k = 0; from < n; from += batchSize, k++) {
        long due = firstSend + k * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        List<JsonNode> batch = events.subList(from, Math.min(from + batchSize, n));
        long t = System.nanoTime();
        for (LocalStackSession.Sent s : stack.putEvents(batch)) {
          sentAt[from + s.index()] = t;
          if (s.error() != null) {
            refused++;
          }
        }
        putNanos += System.nanoTime() - t;
      }
      lastSend = System.nanoTime();
      awaitCount(received, n, Duration.ofSeconds(options.drain));
      cores = cpu.coresUntil(Cpu.now(emulatorPid));
    } finally {
      receivers.close();
    }

    List<Long> latencies = new ArrayList<>();
    long lastReceived = firstSend;
    for (int i = 0; i < n; i++) {
      Long at = received.get(services.get(i));
      if (at != null) {
        latencies.add(at - sentAt[i]);
        lastReceived = Math.max(lastReceived, at);
      }
    }
    long[] ns = latencies.stream().mapToLong(Long::longValue).toArray();
    int records = auditRecords(stack, "CLUSTER#bench-e2e");
    long failed = stack.host.invocations().stream().filter(i -> !i.ok()).count();
    stack.host.invocations().stream()
        .filter(i -> !i.ok())
        .findFirst()
        .ifPresent(
            i -> OUT.println("  first failed invocation (" + i.function() + "): " + i.result()));
    int parked = stack.deadLetters(0, Duration.ofSeconds(1)).size();

    List<String> table = new ArrayList<>();
    table.add(
        "End to end: PutEvents → rule → triage (local Lambda host) → SNS → SQS inbox (long poll)");
    table.add(
        String.format(
            "  sent %d in %.1f s (PutEvents call %.1f ms on average, %d refused); delivered %d"
                + " alerts at %.1f/s; %d audit records",
            n,
            (lastSend - firstSend) / 1e9,
            putNanos / 1e6 / ((n + batchSize - 1) / batchSize),
            refused,
            ns.length,
            ns.length / ((lastReceived - firstSend) / 1e9),
            records));
    table.add(
        String.format(
            "  latency PutEvents → alert received: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f"
                + " ms",
            percentile(ns, 0.50) / 1e6,
            percentile(ns, 0.95) / 1e6,
            percentile(ns, 0.99) / 1e6,
            percentile(ns, 1.0) / 1e6));
    table.add(
        String.format(
            "  lost: %d alerts, %d audit records; failed invocations %d; dead-lettered %d;"
                + " duplicate or unmatched alerts %d",
            n - ns.length,
            n - records,
            failed,
            parked,
            receivers.duplicates.get() + receivers.unmatched(services)));
    table.add(
        "  cores busy on average (this JVM / emulator / all other processes): "
            + cores
            + " of "
            + Runtime.getRuntime().availableProcessors());
    table.forEach(OUT::println);
    return table;
  }

  /**
   * Two threads long-polling the inbox; each alert's receive time by the service it names. Two, so
   * one thread deleting a batch does not delay the next receive.
   */
  private static final class Receivers implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Long> received;
    private final Map<String, Long> others = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();

    Receivers(LocalStackSession stack, Map<String, Long> received) {
      this.received = received;
      for (int t = 0; t < 2; t++) {
        threads.add(Thread.ofPlatform().name("inbox-" + t).start(() -> poll(stack)));
      }
    }

    private void poll(LocalStackSession stack) {
      while (running.get()) {
        List<Message> batch;
        try {
          batch =
              stack
                  .sqs
                  .receiveMessage(
                      r -> r.queueUrl(stack.inboxUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                  .messages();
        } catch (RuntimeException e) {
          OUT.println("  inbox receive failed: " + e);
          LockSupport.parkNanos(100_000_000L);
          continue;
        }
        long at = System.nanoTime();
        if (batch.isEmpty()) {
          continue;
        }
        List<DeleteMessageBatchRequestEntry> delete = new ArrayList<>();
        for (Message m : batch) {
          delete.add(
              DeleteMessageBatchRequestEntry.builder()
                  .id(Integer.toString(delete.size()))
                  .receiptHandle(m.receiptHandle())
                  .build());
          try {
            JsonNode alert =
                Json.MAPPER.readTree(Json.MAPPER.readTree(m.body()).path("Message").asText());
            String service = alert.path("resource").path("service").asText();
            if (received.putIfAbsent(service, at) != null) {
              duplicates.incrementAndGet();
            }
          } catch (IOException e) {
            others.put(m.messageId(), at);
          }
        }
        stack.sqs.deleteMessageBatch(r -> r.queueUrl(stack.inboxUrl).entries(delete));
      }
    }

    /** Alerts that name no service of this run (left over from another phase), or unreadable. */
    long unmatched(List<String> services) {
      java.util.Set<String> known = new java.util.HashSet<>(services);
      return others.size() + received.keySet().stream().filter(s -> !known.contains(s)).count();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  /**
   * CPU time so far (Linux /proc, in clock ticks of 10 ms): the whole machine's busy time, this
   * JVM's, and the emulator's (its pid from .local/ministack.pid). Everything else is what other
   * work on the machine took while the benchmark ran: on a shared machine, read figures with it.
   */
  private record Cpu(long nanos, long busy, long jvm, long emulator) {
    static Cpu now(long emulatorPid) {
      return new Cpu(
          System.nanoTime(),
          machineBusyTicks(),
          processTicks("self"),
          emulatorPid > 0 ? processTicks(Long.toString(emulatorPid)) : 0);
    }

    /** "jvm/emulator/others" in cores busy on average; "n/a" without /proc. */
    String coresUntil(Cpu end) {
      if (busy < 0 || end.busy < 0) {
        return "n/a";
      }
      double seconds = (end.nanos - nanos) / 1e9;
      double jvmCores = (end.jvm - jvm) / 100.0 / seconds;
      double emulatorCores = (end.emulator - emulator) / 100.0 / seconds;
      double all = (end.busy - busy) / 100.0 / seconds;
      return String.format(
          "%.2f/%.2f/%.2f", jvmCores, emulatorCores, Math.max(0, all - jvmCores - emulatorCores));
    }

    private static long machineBusyTicks() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal
        return Long.parseLong(f[1])
            + Long.parseLong(f[2])
            + Long.parseLong(f[3])
            + Long.parseLong(f[6])
            + Long.parseLong(f[7])
            + Long.parseLong(f[8]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    private static long processTicks(String pid) {
      try {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }

  private static long emulatorPid(Path root) {
    try {
      return Long.parseLong(Files.readString(root.resolve(".local/ministack.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static void awaitCount(Map<String, Long> received, int n, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(50_000_000L);
    }
  }

  /** Triage's audit records (one per event) under a partition key. */
  private static int auditRecords(LocalStackSession stack, String pk) {
    String table = stack.deployment.output("AuditTableName");
    int count = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          stack.dynamo.query(
              r ->
                  r.tableName(table)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                      .exclusiveStartKey(from));
      // One per event: each incident's workflow adds its own REMEDIATION_* record, and a new
      // incident's deep check a CHECKED one.
      count +=
          (int)
              page.items().stream()
                  .filter(i -> !i.get("decision").s().startsWith("REMEDIATION_"))
                  .filter(i -> !i.get("decision").s().equals("CHECKED"))
                  .count();
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return count;
  }

  /** Nearest-rank percentile of unsorted values; q = 1 is the maximum. */
  static long percentile(long[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private void step(String message) {
    OUT.printf("%n▶ %s  [%.1fs]%n", message, (System.nanoTime() - started) / 1e9);
  }
}
