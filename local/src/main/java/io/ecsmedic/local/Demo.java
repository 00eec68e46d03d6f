package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The main job on one machine (make demo): deploy ecs-medic into the local emulator, seed a broken
 * ECS estate, replay a real-shaped incident through EventBridge, and print what each event became
 * and where it went. Expects the emulator to be running (the Makefile starts it).
 *
 * <p>With {@code --keep} (make try) the stack and the seeded estate stay in the emulator, and the
 * program ends by printing what to export and which CLI commands to try against them.
 */
public final class Demo {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static long started;

  public static void main(String[] args) throws Exception {
    // Before anything logs: the handlers' JSON logs go to .local/triage.log, not the console.
    System.setProperty("logback.configurationFile", "logback-demo.xml");
    // The handlers' EMF metric lines (one per event, printed to stdout as the Lambda runtime would
    // ship them to CloudWatch) go to .local/metrics.log; this program prints through OUT.
    System.setOut(
        new PrintStream(
            new java.io.FileOutputStream(".local/metrics.log"), true, StandardCharsets.UTF_8));
    started = System.nanoTime();
    List<String> options = List.of(args);
    boolean keep = options.contains("--keep");
    Path root =
        Path.of(options.stream().filter(a -> !a.startsWith("--")).findFirst().orElse("."))
            .toAbsolutePath()
            .normalize();
    Path scenario = root.resolve("events/scenario/incident.jsonl");
    List<String> problems = new ArrayList<>();

    step(
        "Deploying template.yaml into the local emulator (SAM transform, rules, topic, queues, table, state machine)");
    try (LocalStackSession stack =
        LocalStackSession.open(
            root, "ecs-medic-demo", aws -> Map.of("Mode", "PROPOSE", "CliApprovals", "Enabled"))) {
      say(
          "stack ecs-medic-demo: "
              + stack.deployment.resources().size()
              + " resources; triage runs in the local Lambda host at "
              + stack.host.baseUrl());

      step("Seeding a broken ECS estate");
      for (String line : EstateSeeder.seed(stack.aws)) {
        say(line);
      }

      // The scenario's ALB alarms name orders-api-tg by the id it had where it was recorded;
      // point them at the seeded target group of that name.
      String ordersTg =
          stack
              .aws
              .client(ElasticLoadBalancingV2Client.builder())
              .describeTargetGroups(r -> r.names("orders-api-tg"))
              .targetGroups()
              .getFirst()
              .targetGroupArn();
      String seededTg = ordersTg.substring(ordersTg.indexOf("targetgroup/"));
      List<JsonNode> events = new ArrayList<>();
      for (String line : Files.readAllLines(scenario, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          events.add(
              Json.MAPPER.readTree(
                  line.replace("targetgroup/orders-api-tg/2f3e4d5c6b7a8910", seededTg)));
        }
      }
      step(
          "Replaying "
              + events.size()
              + " events of "
              + root.relativize(scenario)
              + " through EventBridge");
      List<LocalStackSession.Sent> sent = stack.putEvents(events);

      step(
          "Waiting for triage and the remediation workflows (messages arrive on an SQS queue"
              + " subscribed to the SNS topic)");
      List<JsonNode> messages = stack.alerts(1, Duration.ofSeconds(60));
      messages.addAll(stack.alerts(0, Duration.ofSeconds(3)));
      List<JsonNode> alerts = messages.stream().filter(m -> !m.has("kind")).toList();
      List<JsonNode> proposals =
          messages.stream().filter(m -> m.path("kind").asText().equals("proposal")).toList();
      List<JsonNode> parked = stack.deadLetters(0, Duration.ofSeconds(2));
      say(
          alerts.size()
              + " alerts, "
              + parked.size()
              + " parked on the dead-letter queue, "
              + stack.host.invocations().size()
              + " handler invocations (triage and the remediation steps)");
      for (LocalLambdaHost.Invocation i : stack.host.invocations()) {
        if (!i.ok() || System.getenv("DEMO_DEBUG") != null) {
          say("triage invocation" + (i.ok() ? ": " : " failed: ") + i.result());
        }
      }

      long failed = stack.host.invocations().stream().filter(i -> !i.ok()).count();
      if (failed > 0) {
        problems.add(failed + " handler invocations failed (above)");
      }
      if (alerts.isEmpty()) {
        problems.add("no alert arrived");
      }
      if (!parked.isEmpty()) {
        problems.add(parked.size() + " events parked on the dead-letter queue");
      }
      report(stack, events, sent, alerts);
      proposals(stack, proposals);
      say("");
      say("the handlers' JSON logs (Powertools layout): .local/triage.log");
      say("their EMF metric lines (one per event): .local/metrics.log");

      if (keep) {
        stack.keepStackOnClose();
        tryIt(stack);
      } else {
        step("Tearing down the stack");
      }
    }
    step("Done in " + seconds() + " s");
    if (!problems.isEmpty()) {
      // CI runs the demo too: a demo that ran but did not work must fail, not print and exit 0.
      OUT.println("✗ the demo did not run cleanly: " + String.join("; ", problems));
      System.exit(1);
    }
  }

  /** What each event became, from the audit table (decisions) and the alerts (the text sent). */
  private static void report(
      LocalStackSession stack,
      List<JsonNode> events,
      List<LocalStackSession.Sent> sent,
      List<JsonNode> alerts) {
    Map<String, Map<String, AttributeValue>> recordByEvent = new HashMap<>();
    for (Map<String, AttributeValue> r : stack.auditItems("CLUSTER#")) {
      if (!r.get("decision").s().startsWith("REMEDIATION_")) {
        recordByEvent.put(r.get("eventId").s(), r);
      }
    }
    Map<String, JsonNode> alertByIncident = new HashMap<>();
    for (JsonNode a : alerts) {
      alertByIncident.put(a.path("incidentId").asText(), a);
    }
    step("What each event became (from the audit table)");
    Map<String, List<Integer>> incidents = new LinkedHashMap<>();
    for (LocalStackSession.Sent s : sent) {
      JsonNode e = events.get(s.index());
      String what = String.format("%2d. %-29s", s.index() + 1, e.path("detail-type").asText());
      Map<String, AttributeValue> r = s.eventId() == null ? null : recordByEvent.get(s.eventId());
      String where;
      if (s.error() != null) {
        where = "refused by EventBridge: " + s.error();
      } else if (r == null) {
        where = "not matched by any rule (not a failure signal): nothing recorded, nothing sent";
      } else {
        String incident = r.get("incidentId").s();
        incidents.computeIfAbsent(incident, k -> new ArrayList<>()).add(s.index() + 1);
        String kind = r.get("category").s() + "/" + r.get("subcause").s();
        where =
            switch (r.get("decision").s()) {
              case "NOTIFIED" -> kind + " → alert sent (incident " + incident + ")";
              case "LABELLED" -> kind + " → labelled, not paged (incident " + incident + ")";
              case "SUPPRESSED" ->
                  kind + " → repeat of incident " + incident + ": counted, not re-sent";
              default -> kind + " → " + r.get("decision").s();
            };
      }
      say(what + " " + where);
    }
    step(
        "Alerts sent: one per incident (fingerprint: account, region, cluster, service, category, sub-cause)");
    int n = 0;
    for (Map.Entry<String, List<Integer>> i : incidents.entrySet()) {
      JsonNode a = alertByIncident.get(i.getKey());
      if (a == null) {
        continue;
      }
      say(
          String.format(
              "[%d] %s/%s %s(events %s)",
              ++n,
              a.path("category").asText(),
              a.path("subcause").asText(),
              a.path("paged").asBoolean() ? "" : "label only ",
              i.getValue()));
      say("    " + a.path("summary").asText());
      JsonNode first = a.path("actions").path(0);
      if (!first.isMissingNode()) {
        say("    fix: " + first.path("title").asText());
        if (first.has("command")) {
          say("      $ " + first.path("command").asText());
        }
      }
      JsonNode checked = a.path("checked");
      for (int line = 0; line < checked.size(); line++) {
        say((line == 0 ? "    checked: " : "      - ") + checked.get(line).asText());
      }
      say("    runbook: " + a.path("runbook").asText());
    }
  }

  /** What the workflows did: in PROPOSE mode, each actionable incident waits for a human. */
  private static void proposals(LocalStackSession stack, List<JsonNode> proposals) {
    step(
        "Remediation workflows (mode PROPOSE: one per actionable incident, nothing applied without"
            + " approval)");
    for (Map<String, AttributeValue> r : stack.auditItems("CLUSTER#")) {
      String decision = r.get("decision").s();
      if (decision.startsWith("REMEDIATION_") && !decision.equals("REMEDIATION_PROPOSED")) {
        say(
            String.format(
                "%s %s/%s: %s — %s",
                r.get("service").s(),
                r.get("category").s(),
                r.get("subcause").s(),
                decision,
                r.get("detail").s()));
      }
    }
    for (JsonNode p : proposals) {
      JsonNode action = p.path("action");
      say(
          String.format(
              "%s: proposes %s [risk %s, undo: %s]",
              p.path("service").asText(),
              p.path("what").asText(),
              action.path("risk").asText(),
              action.path("undo").asText()));
      say(
          "    waiting for approval until "
              + p.path("expiresAt").asText()
              + " (incident "
              + p.path("incidentId").asText()
              + ")");
    }
  }

  /** make try: what a newcomer can run by hand against what the demo left behind. */
  private static void tryIt(LocalStackSession stack) {
    String table = stack.deployment.output("AuditTableName");
    step("The emulator keeps running with the stack and the seeded estate. Try:");
    say(
        "eval \"$(scripts/local-aws.sh env)\"          # AWS_ENDPOINT_URL, AWS_REGION, test credentials");
    say("alias ecs-medic=\"$(.mvn/find-jdk.sh)/bin/java -jar cli/target/ecs-medic.jar\"");
    say("ecs-medic history --cluster prod --table " + table);
    say("ecs-medic alb-check --cluster prod --service orders-api");
    say("ecs-medic pull-check --cluster prod --service checkout");
    say("ecs-medic ecr-plan");
    say("ecs-medic diagnose events/scenario/incident.jsonl");
    say(
        "aws --endpoint-url \"$AWS_ENDPOINT_URL\" ecs list-services --cluster prod   # if you have the AWS CLI");
    say("make emulator-stop                            # when you are done");
  }

  private static void step(String message) {
    OUT.printf("%n▶ %s  [%ss]%n", message, seconds());
  }

  private static void say(String message) {
    OUT.println("  " + message);
  }

  private static String seconds() {
    return String.format("%.1f", (System.nanoTime() - started) / 1e9);
  }

  private Demo() {}
}
