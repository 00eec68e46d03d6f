package io.ecsmedic.check;

import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
import io.ecsmedic.check.PullFacts.Existence;
import io.ecsmedic.check.PullFacts.Image;
import io.ecsmedic.check.PullFacts.LogConfig;
import io.ecsmedic.check.PullFacts.SecretRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The image-pull path checklist: everything a task needs before its first container runs, in the
 * order the agent needs it (runbooks: docs/runbooks/IMAGE_PULL.md, SECRETS_INIT.md, LOG_INIT.md).
 * The image must exist and fit the task's platform; the execution role must exist and may pull,
 * read the secrets and create the log stream; the subnets must reach ECR, S3, CloudWatch Logs and
 * Secrets Manager / SSM; the security groups must let 443 out. Pure: it judges {@link PullFacts}.
 * Each step is PASS, FAIL (with a copy-pasteable fix) or UNKNOWN; nothing missing is ever PASS.
 */
public final class PullCheck {
  static final String MANAGED_POLICY =
      "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  static final String TRUST_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  static final List<String> ECR_PULL = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
  static final String ECR_TOKEN = "ecr:GetAuthorizationToken";

  static final CheckStep SUBJECT = new CheckStep("pull.subject", "the task or service exists");
  static final CheckStep IMAGE =
      new CheckStep("pull.image", "every image's tag or digest exists in its repository");
  static final CheckStep PLATFORM =
      new CheckStep("pull.platform", "the image is built for the task's platform");
  static final CheckStep EXECUTION_ROLE =
      new CheckStep("pull.execution-role", "the task has the execution role it needs");
  static final CheckStep ECR_PERMISSIONS =
      new CheckStep("pull.ecr-permissions", "the execution role may pull from ECR");
  static final CheckStep SECRETS =
      new CheckStep("pull.secrets", "the execution role may read the task's secrets");
  static final CheckStep LOGS =
      new CheckStep("pull.logs", "the execution role may write the awslogs log group");
  static final CheckStep NETWORK =
      new CheckStep(
          "pull.network", "the task's subnets reach ECR, S3 and the endpoints the task uses");
  static final CheckStep EGRESS =
      new CheckStep("pull.egress", "the task's security groups let tcp 443 out");

  private PullCheck() {}

  public static List<CheckResult> run(PullFacts f) {
    return List.of(
        subject(f),
        image(f),
        platform(f),
        executionRole(f),
        ecrPermissions(f),
        secrets(f),
        logs(f),
        network(f),
        egress(f));
  }

  static CheckResult subject(PullFacts f) {
    PullFacts.Subject s = f.subject();
    if (s == null || s.found() == null) {
      return CheckResult.unknown(SUBJECT, "ECS could not be read");
    }
    String what = s.kind() + " " + s.name();
    if (!s.found()) {
      String why = s.status() == null ? "" : " (" + s.status() + ")";
      String fix =
          "task".equals(s.kind())
              ? "ECS keeps a stopped task for about an hour: check its service instead: ecs-medic pull-check --cluster "
                  + s.cluster()
                  + " --service <service>"
              : "check the name: aws ecs list-services --cluster " + s.cluster();
      return CheckResult.fail(SUBJECT, what + " not found in cluster " + s.cluster() + why, fix);
    }
    return CheckResult.pass(
        SUBJECT,
        what
            + (s.status() == null ? "" : " (" + s.status() + ")")
            + " runs "
            + (s.taskDefinition() == null ? "an unknown task definition" : s.taskDefinition()));
  }

  static CheckResult image(PullFacts f) {
    if (f.images() == null) {
      return CheckResult.unknown(IMAGE, "the task definition could not be read");
    }
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    for (Image i : f.images()) {
      String who = i.container() + ": ";
      if (!i.ecr()) {
        unknown.add(who + i.uri() + " is not in ECR, not checked" + publicRegistryHint(i.uri()));
      } else if (i.exists() == null) {
        unknown.add(who + i.ref() + " could not be looked up");
      } else {
        switch (i.exists()) {
          case FOUND -> found.add(who + i.ref() + " exists");
          case TAG_MISSING -> {
            missing.add(
                who
                    + (i.digest() != null ? "digest " + i.digest() : "tag " + i.tag())
                    + " not found in repository "
                    + i.repository());
            fixes.add(
                "push it: docker push "
                    + i.uri()
                    + "\nor deploy an image that exists: aws ecr describe-images --repository-name "
                    + i.repository()
                    + " --query 'sort_by(imageDetails,&imagePushedAt)[-5:].[imageTags[0],imagePushedAt,imageDigest]' --output table");
          }
          case REPOSITORY_MISSING -> {
            missing.add(who + "repository " + i.repository() + " does not exist");
            fixes.add(
                "correct the image URI in the task definition, or create the repository and push: aws ecr create-repository --repository-name "
                    + i.repository()
                    + " && docker push "
                    + i.uri());
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      return CheckResult.fail(
          IMAGE, String.join("; ", missing), String.join("\n", new LinkedHashSet<>(fixes)));
    }
    if (!unknown.isEmpty()) {
      List<String> all = new ArrayList<>(found);
      all.addAll(unknown);
      return CheckResult.unknown(IMAGE, String.join("; ", all));
    }
    if (found.isEmpty()) {
      return CheckResult.unknown(IMAGE, "the task definition names no image");
    }
    return CheckResult.pass(IMAGE, String.join("; ", found));
  }

  static CheckResult platform(PullFacts f) {
    if (f.images() == null) {
      return CheckResult.unknown(PLATFORM, "the task definition could not be read");
    }
    String os =
        f.operatingSystemFamily() == null
                || f.operatingSystemFamily().toUpperCase(Locale.ROOT).startsWith("LINUX")
            ? "linux"
            : "windows";
    String arch;
    if (f.cpuArchitecture() != null) {
      arch = "ARM64".equalsIgnoreCase(f.cpuArchitecture()) ? "arm64" : "amd64";
    } else if (Boolean.TRUE.equals(f.fargate())) {
      arch = "amd64"; // Fargate runs X86_64 unless runtimePlatform says otherwise
    } else {
      return CheckResult.unknown(
          PLATFORM,
          "the task definition declares no runtimePlatform: the instance's architecture decides");
    }
    String wanted = os + "/" + arch;
    List<String> fine = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Set<String> offered = new LinkedHashSet<>();
    Image firstMismatch = null;
    for (Image i : f.images()) {
      String who = i.container() + ": " + i.ref();
      if (!i.ecr()) {
        unknown.add(who + " is not in ECR, its platforms were not read");
      } else if (i.exists() != Existence.FOUND || i.multiPlatform() == null) {
        unknown.add(who + " could not be read");
      } else if (!i.multiPlatform()) {
        unknown.add(
            who
                + " is a single-platform manifest; its architecture is in the config blob (not read): docker buildx imagetools inspect "
                + i.uri());
      } else if (i.platforms() != null && i.platforms().contains(wanted)) {
        fine.add(who + " has " + wanted);
      } else {
        List<String> has = i.platforms() == null ? List.of() : i.platforms();
        mismatched.add(
            who
                + " is an index of "
                + (has.isEmpty() ? "no runnable platform" : String.join(", ", has))
                + " only; the task runs "
                + wanted);
        offered.addAll(has);
        if (firstMismatch == null) {
          firstMismatch = i;
        }
      }
    }
    if (firstMismatch != null) {
      String fix =
          "build and push the task's platform: docker buildx build --platform linux/amd64,linux/arm64 -t "
              + firstMismatch.uri()
              + " --push .";
      String other = "amd64".equals(arch) ? "arm64" : "amd64";
      if ("linux".equals(os) && offered.contains("linux/" + other)) {
        fix +=
            "\nor run the task on "
                + other
                + ": register a task-definition revision with \"runtimePlatform\": {\"operatingSystemFamily\": \"LINUX\", \"cpuArchitecture\": \""
                + ("arm64".equals(other) ? "ARM64" : "X86_64")
                + "\"}"
                + ("arm64".equals(other) ? " (Fargate Spot runs X86_64 only)" : "");
      }
      return CheckResult.fail(PLATFORM, String.join("; ", mismatched), fix);
    }
    if (!unknown.isEmpty()) {
      List<String> all = new ArrayList<>(fine);
      all.addAll(unknown);
      return CheckResult.unknown(PLATFORM, String.join("; ", all));
    }
    if (fine.isEmpty()) {
      return CheckResult.unknown(PLATFORM, "the task definition names no image");
    }
    return CheckResult.pass(PLATFORM, String.join("; ", fine));
  }

  static CheckResult executionRole(PullFacts f) {
    if (f.images() == null) {
      return CheckResult.unknown(EXECUTION_ROLE, "the task definition could not be read");
    }
    String role = f.executionRoleArn();
    if (role == null) {
      List<String> certain = needsRole(f, true);
      List<String> onFargate = needsRole(f, false);
      if (!certain.isEmpty()) {
        return CheckResult.fail(
            EXECUTION_ROLE,
            "no execution role, but the task " + String.join(", ", certain),
            createRoleFix("ecsTaskExecutionRole", account(f))
                + "\nthen register a task-definition revision with \"executionRoleArn\": \"arn:aws:iam::"
                + account(f)
                + ":role/ecsTaskExecutionRole\"");
      }
      if (!onFargate.isEmpty()) {
        return CheckResult.unknown(
            EXECUTION_ROLE,
            "no execution role; Fargate would need one because the task "
                + String.join(", ", onFargate)
                + " (launch type not known; on EC2 the instance role does this)");
      }
      return CheckResult.pass(
          EXECUTION_ROLE,
          "no execution role, and none needed"
              + (Boolean.FALSE.equals(f.fargate())
                  ? " (EC2: the instance role pulls and writes awslogs)"
                  : ""));
    }
    String name = roleName(role);
    if (Boolean.FALSE.equals(f.executionRoleExists())) {
      return CheckResult.fail(
          EXECUTION_ROLE,
          "execution role " + role + " does not exist",
          createRoleFix(name, accountOf(role)));
    }
    if (Boolean.FALSE.equals(f.executionRoleTrustsEcsTasks())) {
      return CheckResult.fail(
          EXECUTION_ROLE,
          name + "'s trust policy does not name ecs-tasks.amazonaws.com: ECS cannot assume it",
          "aws iam update-assume-role-policy --role-name "
              + name
              + " --policy-document '"
              + TRUST_POLICY
              + "'");
    }
    if (f.executionRoleExists() == null || f.executionRoleTrustsEcsTasks() == null) {
      return CheckResult.unknown(
          EXECUTION_ROLE,
          "execution role " + role + " is set; IAM could not be read to confirm it");
    }
    return CheckResult.pass(EXECUTION_ROLE, name + " exists and trusts ecs-tasks.amazonaws.com");
  }

  static CheckResult ecrPermissions(PullFacts f) {
    if (f.images() == null) {
      return CheckResult.unknown(ECR_PERMISSIONS, "the task definition could not be read");
    }
    List<Image> ecr = f.images().stream().filter(Image::ecr).toList();
    if (ecr.isEmpty()) {
      return CheckResult.pass(ECR_PERMISSIONS, "no image comes from ECR");
    }
    Set<String> repositories =
        ecr.stream().map(Image::repositoryArn).collect(Collectors.toCollection(LinkedHashSet::new));
    String role = f.executionRoleArn();
    if (role == null && Boolean.FALSE.equals(f.fargate())) {
      return CheckResult.unknown(
          ECR_PERMISSIONS,
          "no execution role: on EC2 the container instance role pulls (not checked)");
    }
    if (role == null || Boolean.FALSE.equals(f.executionRoleExists())) {
      if (role == null && f.fargate() == null) {
        return CheckResult.unknown(
            ECR_PERMISSIONS,
            "no execution role; on EC2 the instance role would pull (launch type not known)");
      }
      String name = role == null ? "ecsTaskExecutionRole" : roleName(role);
      return CheckResult.fail(
          ECR_PERMISSIONS,
          (role == null ? "no execution role" : "execution role " + name + " does not exist")
              + ": nothing may pull "
              + names(repositories),
          "create the role (see pull.execution-role), then:\n" + ecrFix(name, repositories, true));
    }
    String name = roleName(role);
    List<String> denied = new ArrayList<>();
    boolean unseen = false;
    if (f.authTokenAllowed() == null) {
      unseen = true;
    } else if (!f.authTokenAllowed()) {
      denied.add(ECR_TOKEN + " on *");
    }
    Set<String> deniedRepos = new LinkedHashSet<>();
    Map<String, List<String>> byRepo = new LinkedHashMap<>();
    for (Image i : ecr) {
      if (i.deniedActions() == null) {
        unseen = true;
      } else if (!i.deniedActions().isEmpty()) {
        byRepo.putIfAbsent(i.repositoryArn(), i.deniedActions());
        deniedRepos.add(i.repositoryArn());
      }
    }
    byRepo.forEach((repo, actions) -> denied.add(String.join(", ", actions) + " on " + repo));
    if (!denied.isEmpty()) {
      return CheckResult.fail(
          ECR_PERMISSIONS,
          name + " may not " + String.join("; ", denied),
          ecrFix(name, deniedRepos, f.authTokenAllowed() == null || !f.authTokenAllowed()));
    }
    if (unseen) {
      return CheckResult.unknown(
          ECR_PERMISSIONS, "the simulation of " + name + "'s ECR permissions could not be run");
    }
    return CheckResult.pass(
        ECR_PERMISSIONS,
        name
            + " may "
            + ECR_TOKEN
            + " on *, "
            + String.join(", ", ECR_PULL)
            + " on "
            + names(repositories));
  }

  static CheckResult secrets(PullFacts f) {
    if (f.images() == null || f.secrets() == null) {
      return CheckResult.unknown(SECRETS, "the task definition could not be read");
    }
    if (f.secrets().isEmpty()) {
      return CheckResult.pass(SECRETS, "the task uses no secrets or registry credentials");
    }
    String role = f.executionRoleArn();
    List<SecretRef> denied = new ArrayList<>();
    List<SecretRef> unseen = new ArrayList<>();
    if (role == null || Boolean.FALSE.equals(f.executionRoleExists())) {
      denied.addAll(f.secrets());
    } else {
      for (SecretRef s : f.secrets()) {
        if (s.denied() == null) {
          unseen.add(s);
        } else if (s.denied()) {
          denied.add(s);
        }
      }
    }
    String name = role == null ? "ecsTaskExecutionRole" : roleName(role);
    if (!denied.isEmpty()) {
      String who =
          role == null
              ? "no execution role to read "
              : Boolean.FALSE.equals(f.executionRoleExists())
                  ? "execution role " + name + " does not exist to read "
                  : name + " may not read ";
      return CheckResult.fail(
          SECRETS,
          who
              + denied.stream()
                  .map(
                      s ->
                          s.container()
                              + "/"
                              + s.name()
                              + " ("
                              + s.action()
                              + " on "
                              + s.resourceArn()
                              + ")")
                  .collect(Collectors.joining(", ")),
          (role == null ? "set an execution role (see pull.execution-role), then:\n" : "")
              + secretsFix(name, denied));
    }
    if (!unseen.isEmpty()) {
      return CheckResult.unknown(
          SECRETS,
          "the simulation for "
              + unseen.stream().map(SecretRef::name).collect(Collectors.joining(", "))
              + " could not be run");
    }
    return CheckResult.pass(
        SECRETS,
        name
            + " may read "
            + f.secrets().stream()
                .map(s -> s.container() + "/" + s.name() + " (" + s.action() + ")")
                .collect(Collectors.joining(", "))
            + "; kms:Decrypt not checked (needed too when a customer managed key encrypts them)");
  }

  static CheckResult logs(PullFacts f) {
    if (f.images() == null || f.logs() == null) {
      return CheckResult.unknown(LOGS, "the task definition could not be read");
    }
    if (f.logs().isEmpty()) {
      return CheckResult.pass(LOGS, "no container uses the awslogs driver");
    }
    List<String> badOptions = new ArrayList<>();
    for (LogConfig l : f.logs()) {
      List<String> missing = new ArrayList<>();
      if (l.group() == null) {
        missing.add("awslogs-group");
      }
      if (l.region() == null) {
        missing.add("awslogs-region");
      }
      if (!missing.isEmpty()) {
        badOptions.add(l.container() + " sets no " + String.join(" or ", missing));
      }
    }
    if (!badOptions.isEmpty()) {
      String region = f.region() == null ? "<region>" : f.region();
      return CheckResult.fail(
          LOGS,
          "awslogs " + String.join("; ", badOptions),
          "register a task-definition revision whose logConfiguration.options has \"awslogs-group\": \"/ecs/<service>\", \"awslogs-region\": \""
              + region
              + "\", \"awslogs-stream-prefix\": \"<container>\"");
    }
    String role = f.executionRoleArn();
    if (role == null && !Boolean.TRUE.equals(f.fargate())) {
      return CheckResult.unknown(
          LOGS,
          "no execution role: on EC2 the container instance role writes awslogs (not checked)");
    }
    String name = role == null ? "ecsTaskExecutionRole" : roleName(role);
    List<LogConfig> denied = new ArrayList<>();
    boolean unseen = false;
    for (LogConfig l : f.logs()) {
      if (role == null || Boolean.FALSE.equals(f.executionRoleExists())) {
        denied.add(l);
      } else if (l.deniedActions() == null) {
        unseen = true;
      } else if (!l.deniedActions().isEmpty()) {
        denied.add(l);
      }
    }
    if (!denied.isEmpty()) {
      String evidence =
          role == null
              ? "no execution role to write " + groups(denied)
              : Boolean.FALSE.equals(f.executionRoleExists())
                  ? "execution role " + name + " does not exist to write " + groups(denied)
                  : denied.stream()
                      .map(
                          l ->
                              name
                                  + " may not "
                                  + String.join(", ", l.deniedActions())
                                  + " on "
                                  + l.group()
                                  + " ("
                                  + l.container()
                                  + ")")
                      .collect(Collectors.joining("; "));
      return CheckResult.fail(
          LOGS,
          evidence,
          (role == null ? "set an execution role (see pull.execution-role), then:\n" : "")
              + logsFix(name, denied, f));
    }
    if (unseen) {
      return CheckResult.unknown(
          LOGS, "the simulation of " + name + "'s log permissions could not be run");
    }
    return CheckResult.pass(
        LOGS,
        f.logs().stream()
            .map(l -> name + " may " + String.join(", ", l.actions()) + " on " + l.group())
            .distinct()
            .collect(Collectors.joining("; ")));
  }

  static CheckResult network(PullFacts f) {
    if (f.images() == null) {
      return CheckResult.unknown(NETWORK, "the task definition could not be read");
    }
    boolean ecr = f.images().stream().anyMatch(Image::ecr);
    Set<String> services = new LinkedHashSet<>();
    if (ecr) {
      services.add("ecr.api");
      services.add("ecr.dkr");
    }
    if (f.logs() != null && !f.logs().isEmpty()) {
      services.add("logs");
    }
    if (f.secrets() != null) {
      f.secrets().forEach(s -> services.add(s.endpoint()));
    }
    CheckResult reach = NetworkCheck.reach(NETWORK, f.network(), List.copyOf(services), ecr);
    List<String> external =
        f.images().stream().filter(i -> !i.ecr()).map(Image::uri).distinct().toList();
    if (external.isEmpty() || reach.status() == CheckResult.Status.UNKNOWN) {
      return reach;
    }
    // Other registries are on the internet: VPC endpoints do not reach them.
    List<String> offline = new ArrayList<>();
    for (Subnet s : f.network().subnets()) {
      boolean online =
          s.egress() == Egress.NAT
              || (s.egress() == Egress.INTERNET_GATEWAY
                  && Boolean.TRUE.equals(f.network().assignPublicIp()));
      if (!online) {
        offline.add(s.subnetId());
      }
    }
    if (offline.isEmpty()) {
      return reach;
    }
    String evidence =
        String.join(", ", offline)
            + " reach no internet, which "
            + String.join(", ", external)
            + " needs";
    String fix =
        "route 0.0.0.0/0 to a NAT gateway (aws ec2 create-route --route-table-id <rtb> --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat>), or copy the image into ECR (pull-through cache: aws ecr create-pull-through-cache-rule --ecr-repository-prefix docker-hub --upstream-registry-url registry-1.docker.io --credential-arn <secret>)";
    if (reach.status() == CheckResult.Status.FAIL) {
      return CheckResult.fail(
          NETWORK, reach.evidence() + "; " + evidence, reach.fix() + "\n" + fix);
    }
    return CheckResult.fail(NETWORK, evidence, fix);
  }

  static CheckResult egress(PullFacts f) {
    if (f.egress443() == null) {
      return CheckResult.unknown(EGRESS, "the task's security groups are not known");
    }
    if (f.egress443().isEmpty()) {
      return CheckResult.unknown(EGRESS, "the task names no security groups");
    }
    for (Map.Entry<String, List<String>> e : f.egress443().entrySet()) {
      if (e.getValue().contains("0.0.0.0/0")) {
        return CheckResult.pass(EGRESS, e.getKey() + " allows tcp 443 out to 0.0.0.0/0");
      }
    }
    List<String> partial =
        f.egress443().entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> e.getKey() + " to " + String.join(", ", e.getValue()))
            .toList();
    if (!partial.isEmpty()) {
      return CheckResult.unknown(
          EGRESS,
          "tcp 443 out only "
              + String.join("; ", partial)
              + ": it must cover the VPC endpoints' addresses and the S3 prefix list, or 0.0.0.0/0 behind a NAT");
    }
    String first = f.egress443().keySet().iterator().next();
    return CheckResult.fail(
        EGRESS,
        String.join(", ", f.egress443().keySet()) + ": no egress rule allows tcp 443",
        "aws ec2 authorize-security-group-egress --group-id "
            + first
            + " --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]'");
  }

  /** Why the task needs an execution role; {@code certain} leaves out what depends on Fargate. */
  private static List<String> needsRole(PullFacts f, boolean certain) {
    List<String> why = new ArrayList<>();
    boolean fargateOnly = certain ? Boolean.TRUE.equals(f.fargate()) : f.fargate() == null;
    String where = certain ? " on Fargate" : "";
    if (fargateOnly && f.images().stream().anyMatch(Image::ecr)) {
      why.add("pulls from private ECR" + where);
    }
    if (fargateOnly && f.logs() != null && !f.logs().isEmpty()) {
      why.add("uses awslogs" + where);
    }
    if (certain && f.secrets() != null && !f.secrets().isEmpty()) {
      why.add(
          "uses secrets ("
              + f.secrets().stream().map(SecretRef::name).collect(Collectors.joining(", "))
              + ")");
    }
    return why;
  }

  private static String createRoleFix(String name, String account) {
    return "aws iam create-role --role-name "
        + name
        + " --assume-role-policy-document '"
        + TRUST_POLICY
        + "'\naws iam attach-role-policy --role-name "
        + name
        + " --policy-arn "
        + MANAGED_POLICY;
  }

  private static String ecrFix(String role, Set<String> repositories, boolean token) {
    List<String> statements = new ArrayList<>();
    if (token) {
      statements.add(
          "{\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}");
    }
    if (!repositories.isEmpty()) {
      statements.add(
          "{\"Effect\":\"Allow\",\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"],\"Resource\":"
              + jsonArray(repositories)
              + "}");
    }
    return putRolePolicy(role, "ecs-medic-ecr-pull", statements)
        + "\nor attach the managed policy: aws iam attach-role-policy --role-name "
        + role
        + " --policy-arn "
        + MANAGED_POLICY;
  }

  private static String secretsFix(String role, List<SecretRef> denied) {
    Map<String, Set<String>> byAction = new LinkedHashMap<>();
    for (SecretRef s : denied) {
      byAction.computeIfAbsent(s.action(), a -> new LinkedHashSet<>()).add(s.resourceArn());
    }
    List<String> statements = new ArrayList<>();
    byAction.forEach(
        (action, arns) ->
            statements.add(
                "{\"Effect\":\"Allow\",\"Action\":\""
                    + action
                    + "\",\"Resource\":"
                    + jsonArray(arns)
                    + "}"));
    return putRolePolicy(role, "ecs-medic-secrets", statements)
        + "\na customer managed KMS key also needs kms:Decrypt on that key for "
        + role
        + "; a Secrets Manager resource policy must not deny it";
  }

  private static String logsFix(String role, List<LogConfig> denied, PullFacts f) {
    Map<Boolean, Set<String>> byCreate = new LinkedHashMap<>();
    for (LogConfig l : denied) {
      byCreate.computeIfAbsent(l.createGroup(), c -> new LinkedHashSet<>()).add(logGroupArn(l, f));
    }
    List<String> statements = new ArrayList<>();
    byCreate.forEach(
        (create, arns) ->
            statements.add(
                "{\"Effect\":\"Allow\",\"Action\":"
                    + jsonArray(
                        create
                            ? List.of(
                                "logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup")
                            : List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                    + ",\"Resource\":"
                    + jsonArray(arns)
                    + "}"));
    return putRolePolicy(role, "ecs-medic-awslogs", statements);
  }

  /** The resource a fix grants log actions on: the group and its streams. */
  private static String logGroupArn(LogConfig l, PullFacts f) {
    return logGroupArn(
        l.region() != null ? l.region() : f.region() == null ? "<region>" : f.region(),
        account(f),
        l.group());
  }

  private static String logGroupArn(String region, String account, String group) {
    return "arn:aws:logs:" + region + ":" + account + ":log-group:" + group + ":*";
  }

  /**
   * The resource to simulate log actions on: the group's streams. It matches policies written as
   * {@code log-group:G:*}, {@code log-group:G:log-stream:*} and {@code *} alike.
   */
  public static String logStreamsArn(String region, String account, String group) {
    return "arn:aws:logs:" + region + ":" + account + ":log-group:" + group + ":log-stream:*";
  }

  private static String putRolePolicy(String role, String policyName, List<String> statements) {
    return "aws iam put-role-policy --role-name "
        + role
        + " --policy-name "
        + policyName
        + " --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":["
        + String.join(",", statements)
        + "]}'";
  }

  private static String jsonArray(java.util.Collection<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  private static String groups(List<LogConfig> logs) {
    return logs.stream().map(LogConfig::group).distinct().collect(Collectors.joining(", "));
  }

  private static String names(Set<String> repositoryArns) {
    return repositoryArns.stream()
        .map(a -> a.substring(a.indexOf(":repository/") + ":repository/".length()))
        .collect(Collectors.joining(", "));
  }

  private static String publicRegistryHint(String uri) {
    if (dockerHub(uri)) {
      return " (Docker Hub: anonymous pulls are rate-limited, toomanyrequests; an ECR pull-through cache avoids it)";
    }
    return uri.startsWith("public.ecr.aws/")
        ? " (ECR Public: unauthenticated pulls are rate-limited)"
        : "";
  }

  /**
   * An image with no registry host ({@code nginx:1}, {@code bitnami/redis}) comes from Docker Hub.
   */
  static boolean dockerHub(String uri) {
    int slash = uri.indexOf('/');
    if (slash < 0) {
      return true;
    }
    String first = uri.substring(0, slash);
    return first.equals("docker.io")
        || first.endsWith(".docker.io")
        || (!first.contains(".") && !first.contains(":") && !first.equals("localhost"));
  }

  static String roleName(String roleArn) {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }

  /** The account, from the first ARN that names one, for ARNs in fixes. */
  private static String account(PullFacts f) {
    if (f.executionRoleArn() != null) {
      return accountOf(f.executionRoleArn());
    }
    if (f.images() != null) {
      for (Image i : f.images()) {
        if (i.ecr()) {
          return accountOf(i.repositoryArn());
        }
      }
    }
    return "<account-id>";
  }

  private static String accountOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : "<account-id>";
  }
}
