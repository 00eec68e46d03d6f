package io.ecsmedic.triage;

import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.change.ChangeBudget;
import io.ecsmedic.aws.change.ChangeCollector;
import io.ecsmedic.aws.change.DeploymentOutcomes;
import io.ecsmedic.aws.evidence.EvidenceBucket;
import io.ecsmedic.aws.logs.LogExcerptReader;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.plan.Runbooks;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the triage function from its settings: the use case over the real ports (audit table, ECS
 * tags, SNS, Slack, SQS, Step Functions, the checkers) and its metrics. Clients come from one
 * {@link AwsClientFactory}; the reads about an event (mode tag, deep check) go to the event's own
 * account and region through {@link AccountTargets}. What every event needs (DynamoDB, the ECS tag
 * read, SNS) is built here, during the cold start's initialisation (and before a SnapStart
 * snapshot); what only some events need (SQS to park, Step Functions to start a workflow, Secrets
 * Manager for Slack, the checkers' EC2 / IAM / ELBv2 / ECR clients) is built on its first use.
 */
final class TriageWiring {
  private TriageWiring() {}

  /** The use case and the metrics the handler records its outcomes in. */
  record Components(Triage triage, TriageMetrics metrics) {}

  static Components from(TriageSettings s) {
    return from(s, AwsClientFactory.standard(s.aws()));
  }

  static Components from(TriageSettings s, AwsClientFactory aws) {
    Clock clock = Clock.systemUTC();
    // The catalogue and its event-ruler machine are pure CPU work and need no client: built on a
    // second thread while this one builds the SDK clients, the two halves of a cold start overlap.
    CompletableFuture<Classifier> classifier =
        CompletableFuture.supplyAsync(
            () -> new Classifier(SignatureCatalog.bundled(), new Runbooks(s.runbookBaseUrl())),
            command -> Thread.ofPlatform().name("classifier-init").daemon().start(command));
    DynamoAuditStore audit = new DynamoAuditStore(auditTable(s, aws), s.auditRetention());
    ModeResolver modes =
        new ModeResolver(
            s.mode(),
            s.accountModes(),
            new EcsServiceTags(aws.client(EcsClient.class, EcsClient::builder)),
            s.tagCacheTtl(),
            clock);
    SnsAlertPublisher alerts =
        new SnsAlertPublisher(
            new AlertTopic(aws.client(SnsClient.class, SnsClient::builder), s.alertTopicArn()));
    Triage triage =
        new Triage(
                classifier.join(),
                audit,
                modes,
                alerts,
                slack(s, aws, clock),
                new SqsDeadLetters(
                    () -> aws.client(SqsClient.class, SqsClient::builder), s.deadLetterQueueUrl()),
                s.stateMachineArn().isBlank()
                    ? RemediationStarter.NONE
                    : RemediationStarter.stepFunctions(
                        () -> aws.client(SfnClient.class, SfnClient::builder),
                        s.stateMachineArn(),
                        s.auditRetention()),
                AccountReach.through(
                    AccountTargets.of(aws, s.members(), "ecs-medic-triage"),
                    s.deepChecks(),
                    s.aws().region(),
                    clock),
                whatChanged(s.whatChanged(), aws),
                new DeploymentFolding(
                    DeploymentStatus.from(
                        new DeploymentOutcomes(aws.client(EcsClient.class, EcsClient::builder))),
                    s.whatChanged().crashLoopThreshold()),
                s.notifyWindow(),
                clock)
            .withEvidence(evidence(s, aws));
    return new Components(
        triage, TriageMetrics.emf(s.metricsNamespace(), s.serviceName(), s.emfEnvironment()));
  }

  /** What changed before a failure, within its budget; CloudTrail and EC2 built on first use. */
  private static WhatChanged whatChanged(WhatChangedSettings s, AwsClientFactory aws) {
    if (!s.enabled()) {
      return WhatChanged.NONE;
    }
    return WhatChanged.within(
        new ChangeBudget(
            new ChangeCollector(
                aws.client(EcsClient.class, EcsClient::builder),
                () -> aws.client(CloudTrailClient.class, CloudTrailClient::builder),
                () -> aws.client(Ec2Client.class, Ec2Client::builder),
                s.lookback()),
            s.budget()));
  }

  /**
   * The container's last words from CloudWatch Logs, and the flight record when a bucket is set.
   */
  private static IncidentEvidence evidence(TriageSettings s, AwsClientFactory aws) {
    EcsClient ecs = aws.client(EcsClient.class, EcsClient::builder);
    return new AwsIncidentEvidence(
        new LogExcerptReader(
            ecs,
            aws.client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder),
            s.lastWords()),
        ecs,
        s.evidenceBucket().isBlank()
            ? null
            : new EvidenceBucket(
                aws.client(
                    S3Client.class,
                    // The emulator serves buckets by path; AWS by either.
                    () -> S3Client.builder().forcePathStyle(aws.settings().endpoint().isPresent())),
                s.evidenceBucket()));
  }

  /**
   * Slack when configured: through a bot token (threads per incident) when one is set, otherwise
   * through an incoming webhook.
   */
  private static AlertPublisher slack(TriageSettings s, AwsClientFactory aws, Clock clock) {
    if (!s.slackBotTokenSecretArn().isBlank()) {
      return new SlackBotPublisher(
          secret(aws, s.slackBotTokenSecretArn()),
          s.slackChannel(),
          s.slackApiBase(),
          new DynamoSlackThreads(auditTable(s, aws), s.auditRetention(), clock),
          clock);
    }
    if (!s.slackWebhookSecretArn().isBlank()) {
      return new SlackWebhookPublisher(
          secret(aws, s.slackWebhookSecretArn()), s.slackWebhookBase(), clock);
    }
    return AlertPublisher.NONE;
  }

  private static AuditTable auditTable(TriageSettings s, AwsClientFactory aws) {
    return new AuditTable(
        aws.client(DynamoDbClient.class, DynamoDbClient::builder), s.auditTable());
  }

  /**
   * Reads a secret's value when called (the publishers cache it for a few minutes); the client is
   * built on the first read.
   */
  private static Supplier<String> secret(AwsClientFactory aws, String secretArn) {
    return () ->
        aws.client(SecretsManagerClient.class, SecretsManagerClient::builder)
            .getSecretValue(r -> r.secretId(secretArn))
            .secretString();
  }
}
