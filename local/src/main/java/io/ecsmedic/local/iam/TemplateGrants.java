package io.ecsmedic.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmedic.local.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The IAM actions template.yaml allows each Lambda function, read from the template itself: every
 * {@code Allow} statement of its {@code Policies} (both branches of an {@code !If}, since some
 * configuration deploys each), the statements of a customer managed policy it names with {@code
 * !Ref}, and the actions of the SAM policy templates it uses (from aws-sam-translator's own
 * policy_templates.json, so a template SAM adds is understood without a change here). Every
 * function of the template is listed, also one added later, with no list kept here.
 *
 * <p>Actions only: which resources a grant covers is what the emulator's enforcement checks when
 * the suite runs.
 */
public final class TemplateGrants {
  private final JsonNode resources;
  private final JsonNode samPolicyTemplates;

  /**
   * @param template the parsed template (YAML tags such as {@code !Ref} are read as plain values)
   * @param samPolicyTemplates the {@code Templates} object of SAM's policy_templates.json
   */
  public TemplateGrants(JsonNode template, JsonNode samPolicyTemplates) {
    this.resources = template.path("Resources");
    this.samPolicyTemplates = samPolicyTemplates;
  }

  /** Reads {@code root/template.yaml} and the policy templates of the venv's aws-sam-translator. */
  public static TemplateGrants of(Path root) throws IOException {
    JsonNode template = Templates.read(root.resolve("template.yaml"));
    return new TemplateGrants(template, samPolicyTemplates(root).path("Templates"));
  }

  /** Function logical id → allowed actions (as written: they may hold wildcards), sorted. */
  public Map<String, Set<String>> byFunction() {
    Map<String, Set<String>> out = new TreeMap<>();
    resources
        .properties()
        .forEach(
            e -> {
              if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                Set<String> actions = new TreeSet<>();
                collect(e.getValue().path("Properties").path("Policies"), actions);
                out.put(e.getKey(), actions);
              }
            });
    return out;
  }

  private void collect(JsonNode node, Set<String> actions) {
    if (node.isTextual()) {
      JsonNode managed = resources.path(node.asText());
      if ("AWS::IAM::ManagedPolicy".equals(managed.path("Type").asText())) {
        collect(managed.path("Properties").path("PolicyDocument"), actions);
      }
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, actions));
    } else if (node.isObject()) {
      if (node.has("Action") && "Allow".equals(node.path("Effect").asText())) {
        textValues(node.get("Action")).forEach(actions::add);
        return;
      }
      node.properties()
          .forEach(
              f -> {
                JsonNode samTemplate = samPolicyTemplates.path(f.getKey());
                if (!samTemplate.isMissingNode()) {
                  collect(samTemplate.path("Definition"), actions);
                } else {
                  collect(f.getValue(), actions);
                }
              });
    }
  }

  private static List<String> textValues(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** SAM's policy_templates.json in the pinned venv that scripts/local-aws.sh installs. */
  private static JsonNode samPolicyTemplates(Path root) throws IOException {
    Path lib = root.resolve(".venv-aws/lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> pythons = Files.list(lib)) {
        for (Path python : pythons.toList()) {
          Path file =
              python.resolve(
                  "site-packages/samtranslator/policy_templates_data/policy_templates.json");
          if (Files.isRegularFile(file)) {
            return new ObjectMapper().readTree(file.toFile());
          }
        }
      }
    }
    throw new IOException(
        "no aws-sam-translator policy_templates.json under "
            + lib
            + "; run scripts/local-aws.sh install");
  }
}
