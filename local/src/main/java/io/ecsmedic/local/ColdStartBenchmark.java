package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Cold starts of every function, whole process (make bench-cold; figures in docs/performance.md):
 * for each function a fresh JVM with only the function's deployed jar on its class path ({@link
 * ColdStartProbe}) builds the handler from the environment the emulator resolved for the deployed
 * function, and handles one event against the emulator. Each case runs with the JVM's defaults and
 * with the flags the template sets ({@code JAVA_TOOL_OPTIONS}), the two interleaved run by run so
 * that a machine whose speed drifts affects both alike. A benchmark, not a test: it prints figures
 * and asserts nothing. {@code ColdStartIT} runs the same probe once per jar as a test.
 *
 * <p>Figures: <b>construct</b> (handler constructor: configuration, clients, catalogue), <b>first
 * event</b> (the first handleRequest), and <b>start → result</b> (the parent's clock from starting
 * the process to the probe's result: JVM start, class loading, both of the above).
 *
 * <p>Arguments: {@code [root] [--runs N] [--only NAME-PREFIX] [--jvm-arg ARG]... [--baseline
 * OTHER-CHECKOUT] [--unpacked] [--cpus LIST]}: runs per case (default 6); only the functions whose
 * name starts so; extra JVM options for every probe (e.g. a class-data-sharing archive); another
 * checkout's built jars to run interleaved with this one's, for a before/after pair measured in the
 * same run; each jar's contents extracted into a directory that becomes the class path, as Lambda
 * extracts a deployment package into {@code /var/task} (classes then load without inflating); and
 * the probes pinned to these CPUs with {@code taskset} (e.g. {@code 0}: one CPU, as Lambda gives at
 * 1,769 MB, and less below). Expects the emulator to be running (the Makefile starts it); resets
 * it.
 */
public final class ColdStartBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  /** The Slack signing secret the benchmark's stack verifies clicks with (not a real one). */
  static final String SLACK_SECRET = "cold-start-bench-signing-secret-000";

  /**
   * One function cold start: which deployed function, its jar and handler, and its first event,
   * made afresh for every run (a new event id and service for triage, so each run is a new incident
   * and never a duplicate; a fresh Slack timestamp, so the signature is never stale).
   */
  record Case(String name, String logicalId, String jar, String handler, Supplier<String> event) {}

  /** One probe run's figures, in milliseconds, and the start of the handler's answer. */
  record Figures(long construct, long firstEvent, long startToResult, String answer) {}

  private final Path root;
  private final int runs;
  private final String only;
  private final List<String> jvmArgs;
  private final Path baseline;
  private final boolean unpacked;
  private final String cpus;
  private final Map<Path, Path> unpackedJars = new HashMap<>();

  ColdStartBenchmark(
      Path root,
      int runs,
      String only,
      List<String> jvmArgs,
      Path baseline,
      boolean unpacked,
      String cpus) {
    this.root = root;
    this.runs = runs;
    this.only = only;
    this.jvmArgs = jvmArgs;
    this.baseline = baseline;
    this.unpacked = unpacked;
    this.cpus = cpus;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".");
    int runs = 6;
    String only = "";
    List<String> jvmArgs = new ArrayList<>();
    Path baseline = null;
    boolean unpacked = false;
    String cpus = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        case "--jvm-arg" -> jvmArgs.add(args[++i]);
        case "--baseline" -> baseline = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--unpacked" -> unpacked = true;
        case "--cpus" -> cpus = args[++i];
        default -> root = Path.of(args[i]);
      }
    }
    new ColdStartBenchmark(
            root.toAbsolutePath().normalize(), runs, only, jvmArgs, baseline, unpacked, cpus)
        .run();
  }

  private void run() throws Exception {
    OUT.printf(
        "Cold starts, whole process: %d runs per case and flags, %s, %s, %s %s, load %s%n",
        runs,
        cpus == null
            ? Runtime.getRuntime().availableProcessors() + " cores"
            : "pinned to CPUs " + cpus,
        unpacked ? "jars unpacked (as in /var/task)" : "jars as built",
        System.getProperty("java.vm.name"),
        Runtime.version(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    try (LocalStackSession stack = deploy(root)) {
      Path work = Files.createTempDirectory("ecs-medic-cold");
      List<Case> cases = cases().stream().filter(c -> c.name().startsWith(only)).toList();
      Map<String, Path> checkouts = new LinkedHashMap<>();
      if (baseline != null) {
        checkouts.put("baseline ", baseline);
      }
      checkouts.put("", root);
      Map<String, Map<String, List<Figures>>> figures = new LinkedHashMap<>();
      for (int run = 1; run <= runs; run++) {
        OUT.printf("  run %d of %d%n", run, runs);
        for (Case c : cases) {
          Map<String, String> env = environment(stack, c.logicalId());
          String templateFlags = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
          Map<String, String> flagSets = new LinkedHashMap<>();
          flagSets.put("JVM defaults", "");
          flagSets.put("template flags", templateFlags);
          for (var flags : flagSets.entrySet()) {
            Map<String, String> withFlags = new HashMap<>(env);
            withFlags.remove("JAVA_TOOL_OPTIONS");
            if (!flags.getValue().isBlank()) {
              withFlags.put("JAVA_TOOL_OPTIONS", flags.getValue());
            }
            for (var checkout : checkouts.entrySet()) {
              figures
                  .computeIfAbsent(c.name(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(checkout.getKey() + flags.getKey(), k -> new ArrayList<>())
                  .add(probe(c, checkout.getValue(), withFlags, work));
            }
          }
          if (run == 1) {
            OUT.printf("  %s: template flags = '%s'%n", c.name(), templateFlags);
          }
        }
      }
      OUT.println();
      OUT.printf(
          "  %-22s %-24s %-20s %-20s %-20s%n",
          "function (event)", "flags", "construct ms", "first event ms", "start→result ms");
      figures.forEach(
          (name, byFlags) ->
              byFlags.forEach(
                  (flags, list) ->
                      OUT.printf(
                          "  %-22s %-24s %-20s %-20s %-20s%n",
                          name,
                          flags,
                          spread(list.stream().mapToLong(Figures::construct).toArray()),
                          spread(list.stream().mapToLong(Figures::firstEvent).toArray()),
                          spread(list.stream().mapToLong(Figures::startToResult).toArray()))));
      OUT.println();
      OUT.println("  (min / median / max)");
      if (baseline != null) {
        // Run i of this checkout over run i of the baseline: the two ran back to back, so each
        // ratio compares like with like on a machine whose speed drifts.
        OUT.println();
        OUT.printf("  %-22s %-24s %-20s%n", "function (event)", "flags", "start→result ratio");
        figures.forEach(
            (name, byFlags) ->
                byFlags.forEach(
                    (flags, list) -> {
                      List<Figures> before = byFlags.get("baseline " + flags);
                      if (before != null) {
                        OUT.printf("  %-22s %-24s %-20s%n", name, flags, ratios(list, before));
                      }
                    }));
        OUT.println("  (this checkout / baseline, run by run: min / median / max)");
      }
      OUT.println();
      OUT.printf("  %-14s %12s %14s %9s%n", "jar", "zipped MB", "unzipped MB", "classes");
      for (var checkout : checkouts.entrySet()) {
        for (String jar : cases.stream().map(Case::jar).distinct().toList()) {
          OUT.println(checkout.getKey() + jarSize(checkout.getValue().resolve(jar)));
        }
      }
    }
  }

  /** A fresh stack with every function deployed (the approval function needs a signing secret). */
  static LocalStackSession deploy(Path root) throws Exception {
    return LocalStackSession.open(
        root,
        "ecs-medic-cold",
        aws ->
            Map.of(
                "SlackSigningSecretArn",
                aws.client(SecretsManagerClient.builder())
                    .createSecret(r -> r.name("ecs-medic/cold-slack").secretString(SLACK_SECRET))
                    .arn()));
  }

  /** The functions and the event each handles first: a plausible first event of each. */
  List<Case> cases() throws Exception {
    JsonNode oom =
        Json.MAPPER.readTree(
            root.resolve("events/task-state-change/oom-container-limit.json").toFile());
    AtomicInteger incidents = new AtomicInteger();
    Supplier<String> newIncident =
        () -> newIncident((ObjectNode) oom.deepCopy(), incidents.incrementAndGet()).toString();

    ObjectNode state = Json.MAPPER.createObjectNode();
    state
        .put("incidentId", "cold-incident")
        .put("eventId", "cold-event")
        .put("mode", "PROPOSE")
        .put("auditExpiresAt", Instant.now().plusSeconds(86_400).getEpochSecond());
    state.set(
        "finding",
        FindingJson.toJson(
            Classifier.bundled()
                .classify(new InputParser().parse(newIncident((ObjectNode) oom.deepCopy(), 0)))));
    ObjectNode enrich = Json.MAPPER.createObjectNode().put("step", "enrich");
    enrich.set("state", state);

    return List.of(
        new Case(
            "triage (new incident)",
            "TriageFunction",
            "functions/triage/target/triage.jar",
            "io.ecsmedic.triage.TriageHandler",
            newIncident),
        new Case(
            "approval (Slack click)",
            "ApprovalFunction",
            "functions/approval/target/approval.jar",
            "io.ecsmedic.approval.ApprovalHandler",
            ColdStartBenchmark::slackClick),
        new Case(
            "remediation (enrich)",
            "RemediationFunction",
            "functions/remediation/target/remediation.jar",
            "io.ecsmedic.remediation.RemediationHandler",
            enrich::toString),
        new Case(
            "ecr-hygiene (dry run)",
            "EcrHygieneFunction",
            "functions/ecr-hygiene/target/ecr-hygiene.jar",
            "io.ecsmedic.ecrhygiene.EcrHygieneHandler",
            () -> "{}"));
  }

  /** The OOM task stop as this account's event, with a new id and service: a new incident. */
  private static ObjectNode newIncident(ObjectNode event, int n) {
    String taskArn =
        String.format("arn:aws:ecs:us-east-1:%s:task/cold/%032x", LocalAws.ACCOUNT, (long) n);
    event.put("id", UUID.randomUUID().toString());
    event.put("account", LocalAws.ACCOUNT);
    event.putArray("resources").add(taskArn);
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("clusterArn", "arn:aws:ecs:us-east-1:" + LocalAws.ACCOUNT + ":cluster/cold");
    detail.put("taskArn", taskArn);
    detail.put("group", "service:api-" + n);
    return event;
  }

  /**
   * A correctly signed Slack click on an incident nothing waits for: the whole authentication path
   * (secret read, signature, allow-list, audit table read) and an answer.
   */
  private static String slackClick() {
    ObjectNode p = Json.MAPPER.createObjectNode().put("type", "block_actions");
    p.putObject("user").put("id", "U0COLD").put("username", "cold").put("team_id", "T0COLD");
    p.putObject("team").put("id", "T0COLD");
    p.putArray("actions").addObject().put("action_id", "ecs-medic.approve").put("value", "none");
    String body = "payload=" + java.net.URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    ObjectNode event =
        Json.MAPPER
            .createObjectNode()
            .put("version", "2.0")
            .put("rawPath", "/slack/actions")
            .put("rawQueryString", "")
            .put("body", body)
            .put("isBase64Encoded", false);
    event
        .putObject("headers")
        .put("content-type", "application/x-www-form-urlencoded")
        .put("x-slack-request-timestamp", ts)
        .put("x-slack-signature", slackSignature(ts, body));
    event
        .putObject("requestContext")
        .putObject("http")
        .put("method", "POST")
        .put("sourceIp", "192.0.2.20");
    return event.toString();
  }

  /** Slack's v0 request signature. */
  private static String slackSignature(String timestamp, String body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v0="
          + java.util.HexFormat.of()
              .formatHex(
                  mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The deployed function's environment, as {@link LocalLambdaHost} gives it to the handler. */
  static Map<String, String> environment(LocalStackSession stack, String logicalId) {
    Map<String, String> env = stack.functionEnvironment(logicalId);
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  /** One fresh JVM: the function's jar and the probe, nothing else. */
  Figures probe(Case c, Path checkout, Map<String, String> env, Path work)
      throws IOException, InterruptedException {
    String run = UUID.randomUUID().toString();
    Path result = work.resolve(run + ".txt");
    Path event = Files.writeString(work.resolve(run + ".json"), c.event().get());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath =
        (unpacked ? unpack(checkout.resolve(c.jar()), work) : checkout.resolve(c.jar()))
            + File.pathSeparator
            + Path.of(
                ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(java.toString());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            classPath,
            ColdStartProbe.class.getName(),
            c.handler(),
            event.toString(),
            result.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(c.logicalId() + ".log").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    long started = System.currentTimeMillis();
    int exit = pb.start().waitFor();
    if (exit != 0 || !Files.exists(result)) {
      throw new IllegalStateException(
          c.name() + " failed (exit " + exit + "); see " + work.resolve(c.logicalId() + ".log"));
    }
    String[] f = Files.readString(result).trim().split(" ", 5);
    return new Figures(
        Long.parseLong(f[0]),
        Long.parseLong(f[1]),
        Long.parseLong(f[2]) - started,
        f.length > 4 ? f[4] : "");
  }

  /** The jar's entries extracted into a directory of {@code work}, once per jar. */
  private Path unpack(Path jar, Path work) throws IOException {
    Path dir = unpackedJars.get(jar);
    if (dir != null) {
      return dir;
    }
    dir = Files.createDirectory(work.resolve("unpacked-" + unpackedJars.size()));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (var e : java.util.Collections.list(zip.entries())) {
        Path to = dir.resolve(e.getName()).normalize();
        if (!to.startsWith(dir)) {
          throw new IOException("entry outside the jar's directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          try (var in = zip.getInputStream(e)) {
            Files.copy(in, to);
          }
        }
      }
    }
    unpackedJars.put(jar, dir);
    return dir;
  }

  private static String ratios(List<Figures> after, List<Figures> before) {
    double[] r = new double[after.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (double) after.get(i).startToResult() / before.get(i).startToResult();
    }
    Arrays.sort(r);
    double median =
        r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    return String.format("%.2f / %.2f / %.2f", r[0], median, r[r.length - 1]);
  }

  private static String spread(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    long median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return v[0] + " / " + median + " / " + v[v.length - 1];
  }

  /** Zipped and unzipped size and class count of a jar. */
  static String jarSize(Path jar) throws IOException {
    long unzipped = 0;
    int classes = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (var e : java.util.Collections.list(zip.entries())) {
        unzipped += Math.max(0, e.getSize());
        classes += e.getName().endsWith(".class") ? 1 : 0;
      }
    }
    return String.format(
        "  %-14s %12.1f %14.1f %9d",
        jar.getFileName(), Files.size(jar) / 1e6, unzipped / 1e6, classes);
  }
}
