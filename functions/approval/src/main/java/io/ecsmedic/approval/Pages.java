package io.ecsmedic.approval;

import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.signing.ApprovalLinks;
import java.time.Instant;

/**
 * The few HTML pages of the signed-link route: plain HTML, no script, every value escaped (the
 * summary carries text from the failing task, which anyone who can make a task fail controls).
 */
final class Pages {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
          + "line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem}"
          + "dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dd{margin:0}";

  private Pages() {}

  /**
   * The page a link opens: what is pending, and a form that POSTs the same signed parameters. Only
   * the POST decides, so a mail client or scanner that fetches the link decides nothing.
   */
  static String confirm(ApprovalItem item, LinkParams link) {
    boolean approve = ApprovalLinks.APPROVE.equals(link.decision());
    String verb = approve ? "Approve" : "Reject";
    StringBuilder b = new StringBuilder();
    b.append("<h1>")
        .append(verb)
        .append(" the remediation of incident ")
        .append(escape(item.incidentId()))
        .append("?</h1>\n<dl>");
    row(b, "Cluster", item.cluster());
    row(b, "Service", item.service());
    row(b, "Summary", item.summary());
    row(b, "Window closes", item.expiresAt() == null ? null : item.expiresAt().toString());
    row(b, "Link valid until", Instant.ofEpochSecond(link.expires()).toString());
    row(b, "Request", link.noncePrefix() + " (this link works once, for this request only)");
    b.append("</dl>\n<p>")
        .append(
            approve
                ? "ecs-medic re-checks the service first and applies nothing if it has changed."
                : "The remediation will not be applied.")
        .append("</p>\n<form method=\"post\" action=\"approve\">\n");
    hidden(b, "incident", link.incidentId());
    hidden(b, "decision", link.decision());
    hidden(b, "expires", Long.toString(link.expires()));
    hidden(b, "request", link.nonce());
    hidden(b, "sig", link.signature());
    b.append("<button type=\"submit\">").append(verb).append("</button>\n</form>");
    return page(verb + " remediation?", b.toString());
  }

  /** A page with a heading and one sentence. */
  static String message(String heading, String text) {
    return page(heading, "<h1>" + escape(heading) + "</h1>\n<p>" + escape(text) + "</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\">"
        + "<title>ecs-medic: "
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head>\n<body>\n"
        + body
        + "\n</body></html>\n";
  }

  private static void row(StringBuilder b, String label, String value) {
    if (value != null && !value.isBlank()) {
      b.append("<dt>").append(label).append("</dt><dd>").append(escape(value)).append("</dd>");
    }
  }

  private static void hidden(StringBuilder b, String name, String value) {
    b.append("<input type=\"hidden\" name=\"")
        .append(name)
        .append("\" value=\"")
        .append(escape(value))
        .append("\">\n");
  }

  /** Escapes text for an HTML element or a quoted attribute. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
