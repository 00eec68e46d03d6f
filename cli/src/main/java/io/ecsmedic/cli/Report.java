package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.TextNormalizer;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import java.util.List;

/** Renders a {@link Diagnosis} as text (optionally coloured), markdown or JSON. */
final class Report {
  enum Format {
    text,
    json,
    markdown
  }

  private final Format format;
  private final boolean color;

  Report(Format format, boolean color) {
    this.format = format;
    this.color = color && format == Format.text;
  }

  String render(Diagnosis d) {
    return switch (format) {
      case json -> json(d);
      case markdown -> markdown(d);
      case text -> text(d);
    };
  }

  private String json(Diagnosis d) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("inputs", d.inputs());
    root.put("incidents", d.incidents().size());
    ArrayNode incidents = root.putArray("findings");
    for (Diagnosis.Incident i : d.incidents()) {
      ObjectNode o = incidents.addObject();
      o.put("count", i.count);
      o.put("firstSeenAt", i.firstSource);
      o.set("finding", FindingJson.toJson(i.first));
    }
    ArrayNode errors = root.putArray("errors");
    for (Diagnosis.Problem p : d.problems()) {
      errors.addObject().put("source", p.source()).put("line", p.line()).put("error", p.message());
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String text(Diagnosis d) {
    StringBuilder b = new StringBuilder();
    List<Diagnosis.Incident> incidents = d.incidents();
    long actionable = incidents.stream().filter(i -> i.first.category().pages()).count();
    b.append(bold("ecs-medic diagnosis"))
        .append(": ")
        .append(d.inputs())
        .append(d.inputs() == 1 ? " input, " : " inputs, ")
        .append(incidents.size())
        .append(incidents.size() == 1 ? " incident" : " incidents")
        .append(" (")
        .append(actionable)
        .append(" need attention)\n");
    if (d.inputs() == 0) {
      b.append("\nNo input events.\n");
    }
    int n = 0;
    for (Diagnosis.Incident i : incidents) {
      Finding f = i.first;
      b.append('\n');
      String head =
          "[" + ++n + "] " + (f.isGuess() ? "likely " : "") + f.category() + " / " + f.subcause();
      b.append(f.category().pages() ? red(bold(head)) : dim(head));
      if (i.count > 1) {
        b.append("  ×").append(i.count);
      }
      if (!f.category().pages()) {
        b.append(dim("  (label only, not paged)"));
      }
      b.append('\n');
      b.append("    ").append(safe(f.summary())).append('\n');
      if (!f.evidence().isEmpty()) {
        b.append("    ").append(bold("Why:")).append('\n');
        for (Evidence e : f.evidence()) {
          b.append("      ").append(safe(e.field()));
          if (e.absent()) {
            b.append(" is absent  ");
          } else {
            b.append(" = \"").append(safe(e.value())).append("\"  ");
          }
          b.append(dim("(" + safe(e.rule()) + ")")).append('\n');
        }
      }
      if (f.raw() != null) {
        b.append("    ")
            .append(bold("Raw:"))
            .append(' ')
            .append(safe(f.raw()).replace("\n", "\n         "))
            .append('\n');
      }
      if (!f.actions().isEmpty()) {
        b.append("    ").append(bold("Fix:")).append('\n');
        for (ProposedAction a : f.actions()) {
          b.append("      - ").append(safe(a.title()));
          if (a.type().automatable()) {
            b.append(dim("  [" + a.type() + ", risk " + a.risk() + "]"));
          }
          b.append('\n');
          if (a.command() != null) {
            b.append("        $ ").append(safe(a.command())).append('\n');
          }
          if (a.snippet() != null) {
            b.append("        ").append(safe(a.snippet()).replace("\n", "\n        ")).append('\n');
          }
        }
      }
      b.append("    ").append(bold("Runbook:")).append(' ').append(f.runbook()).append('\n');
      b.append("    ").append(dim("first seen: " + i.firstSource)).append('\n');
    }
    appendProblems(d, b, "");
    return b.toString();
  }

  private String markdown(Diagnosis d) {
    StringBuilder b = new StringBuilder("# ecs-medic diagnosis\n\n");
    b.append(plural(d.inputs(), "input"))
        .append(", ")
        .append(plural(d.incidents().size(), "incident"))
        .append(".\n");
    for (Diagnosis.Incident i : d.incidents()) {
      Finding f = i.first;
      b.append("\n## ")
          .append(f.isGuess() ? "likely " : "")
          .append(f.category())
          .append(" / ")
          .append(f.subcause());
      if (i.count > 1) {
        b.append(" (×").append(i.count).append(')');
      }
      b.append("\n\n").append(md(f.summary())).append("\n");
      if (!f.evidence().isEmpty()) {
        b.append("\n**Why**\n\n");
        for (Evidence e : f.evidence()) {
          b.append("- `")
              .append(md(e.field()))
              .append("`: ")
              .append(md(e.value()))
              .append(" _(")
              .append(md(e.rule()))
              .append(")_\n");
        }
      }
      if (f.raw() != null) {
        b.append("\n**Raw**\n\n```\n").append(fence(f.raw())).append("\n```\n");
      }
      if (!f.actions().isEmpty()) {
        b.append("\n**Fix**\n\n");
        for (ProposedAction a : f.actions()) {
          b.append("- ").append(md(a.title()));
          if (a.type().automatable()) {
            b.append(" (`").append(a.type()).append("`, risk ").append(a.risk()).append(')');
          }
          b.append('\n');
          if (a.command() != null) {
            b.append("\n  ```sh\n  ").append(fence(a.command())).append("\n  ```\n");
          }
          if (a.snippet() != null) {
            b.append("\n  ```\n  ")
                .append(fence(a.snippet()).replace("\n", "\n  "))
                .append("\n  ```\n");
          }
        }
      }
      b.append("\n[Runbook](").append(f.runbook()).append(")\n");
    }
    appendProblems(d, b, "\n## Inputs that could not be diagnosed\n\n");
    return b.toString();
  }

  private void appendProblems(Diagnosis d, StringBuilder b, String markdownHeading) {
    if (d.problems().isEmpty()) {
      return;
    }
    if (format == Format.markdown) {
      b.append(markdownHeading);
      for (Diagnosis.Problem p : d.problems()) {
        b.append("- ")
            .append(md(p.source()))
            .append(" line ")
            .append(p.line())
            .append(": ")
            .append(md(p.message()))
            .append('\n');
      }
      return;
    }
    b.append('\n').append(bold("Inputs that could not be diagnosed:")).append('\n');
    for (Diagnosis.Problem p : d.problems()) {
      b.append("  ")
          .append(safe(p.source()))
          .append(" line ")
          .append(p.line())
          .append(": ")
          .append(safe(p.message()))
          .append('\n');
    }
  }

  private static String safe(String s) {
    return TextNormalizer.sanitize(s);
  }

  private static String md(String s) {
    return safe(s).replace("`", "'").replace("<", "&lt;");
  }

  private static String fence(String s) {
    return safe(s).replace("```", "'''");
  }

  private String bold(String s) {
    return color ? "\u001B[1m" + s + "\u001B[0m" : s;
  }

  private String red(String s) {
    return color ? "\u001B[31m" + s + "\u001B[0m" : s;
  }

  private String dim(String s) {
    return color ? "\u001B[2m" + s + "\u001B[0m" : s;
  }

  /** "1 input", "2 inputs". */
  static String plural(long n, String noun) {
    return plural(n, noun, noun + "s");
  }

  /** "1 category", "2 categories". */
  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
