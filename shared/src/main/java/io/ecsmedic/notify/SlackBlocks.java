package io.ecsmedic.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Slack (Block Kit) form of {@link AlertText}: the same headline, evidence, fix, runbook and
 * repeat count, laid out so on-call can read the diagnosis and, when a remediation waits for
 * approval, approve or reject it from the channel.
 *
 * <p>Everything taken from the finding is escaped ({@code &}, {@code <}, {@code >}), because input
 * text reaches the finding verbatim and Slack would otherwise read it as links or mentions such as
 * {@code <!channel>}. Text is cut to Slack's limits (header 150, field 2000, section 3000
 * characters) so that Slack never rejects the alert; a cut ends with "…".
 */
public final class SlackBlocks {
  static final String APPROVE_ACTION_ID = "ecs-medic.approve";
  static final String REJECT_ACTION_ID = "ecs-medic.reject";

  private static final int MAX_EVIDENCE = 3;
  private static final int MAX_BLOCKS = 50;
  private static final int MAX_FIELDS = 10;
  private static final int MAX_HEADER = 150;
  private static final int MAX_FIELD = 2000;
  private static final int MAX_TEXT = 3000;
  // chat.postMessage advises a top-level text under 4,000 characters.
  private static final int MAX_FALLBACK = 4000;
  private static final String ELLIPSIS = "…";
  private static final String FENCE = "```";

  private SlackBlocks() {}

  /**
   * The alert as an incoming-webhook or chat.postMessage payload.
   *
   * @param incidentId the incident this alert opens; also the value of the approval buttons
   * @param repeatsFolded repeats of the same fingerprint since the previous alert (0 for the first)
   * @param approvalPending whether a remediation waits for a human; adds Approve and Reject buttons
   */
  public static ObjectNode message(
      Finding f, String incidentId, long repeatsFolded, boolean approvalPending) {
    return message(f, incidentId, repeatsFolded, List.of(), approvalPending);
  }

  /**
   * The alert with the deep check's result.
   *
   * @param checked the checker's verdict line then its failing steps; empty when none ran
   */
  public static ObjectNode message(
      Finding f,
      String incidentId,
      long repeatsFolded,
      List<String> checked,
      boolean approvalPending) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(incidentId, "incidentId");
    String headline = AlertText.headline(f);

    List<ObjectNode> blocks = new ArrayList<>();
    blocks.add(header(headline));
    blocks.add(summary(f, headline));
    if (!f.evidence().isEmpty()) {
      blocks.add(section(why(f)));
    }
    if (!f.actions().isEmpty()) {
      blocks.add(section(fix(f)));
    }
    if (!checked.isEmpty()) {
      blocks.add(section(checked(checked)));
    }
    blocks.add(context(f, incidentId, repeatsFolded));
    if (approvalPending) {
      blocks.add(approval(incidentId));
    }
    if (blocks.size() > MAX_BLOCKS) {
      throw new IllegalStateException("Slack allows at most " + MAX_BLOCKS + " blocks");
    }

    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", fit(escape(headline + " — " + f.summary()), MAX_FALLBACK));
    message.putArray("blocks").addAll(blocks);
    return message;
  }

  /**
   * A reply in the incident's thread that counts occurrences instead of posting a new alert.
   *
   * @param incidentId the incident whose thread this goes to
   * @param occurrences occurrences of the incident so far, the first included
   */
  public static ObjectNode threadReply(Finding f, String incidentId, long occurrences) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(incidentId, "incidentId");
    ObjectNode reply = Json.MAPPER.createObjectNode();
    reply.put(
        "text",
        fit(occurrences + " occurrences so far of " + escape(AlertText.headline(f)), MAX_FALLBACK));
    return reply;
  }

  /**
   * A remediation waiting for approval: what would change, its risk and undo, why a human decides,
   * and the Approve / Reject buttons (their value is the incident id the approval function looks
   * up). Everything given is escaped.
   *
   * @param what the action with its concrete parameters, in one line
   * @param checks the deep checker's summary then its failing steps, one per line; empty when no
   *     checker ran
   * @param expires when the approval window closes (then nothing is applied)
   */
  public static ObjectNode proposal(
      String service,
      String cluster,
      String what,
      String risk,
      String undo,
      String why,
      List<String> checks,
      String incidentId,
      String expires) {
    Objects.requireNonNull(incidentId, "incidentId");
    String headline = "Approve? " + what;
    List<ObjectNode> blocks = new ArrayList<>();
    blocks.add(header("Approve a fix for " + service + " (" + cluster + ")?"));
    blocks.add(
        section(
            "*Proposed*\n"
                + escape(what)
                + "\n*Risk* "
                + escape(risk)
                + "\n*Undo*\n"
                + FENCE
                + inFence(undo)
                + FENCE
                + "\n*Why a human decides*\n"
                + escape(why)
                + "\nBefore applying, ecs-medic re-checks the service and refuses if it changed."));
    if (!checks.isEmpty()) {
      blocks.add(section(checked(checks)));
    }
    ObjectNode context = block("context");
    context
        .putArray("elements")
        .add(mrkdwn("incident " + escape(incidentId)))
        .add(mrkdwn("expires " + escape(expires) + "; then nothing is applied"));
    blocks.add(context);
    blocks.add(approval(incidentId));
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", fit(escape(headline), MAX_FALLBACK));
    message.putArray("blocks").addAll(blocks);
    return message;
  }

  /**
   * The container's last words as one section: the excerpt's title, then its lines in a code block
   * (cut to Slack's 3,000 characters from the start, so the fence stays closed). An alert or a
   * proposal adds it above its context line.
   */
  public static ObjectNode lastWords(LogExcerpt excerpt) {
    StringBuilder text = new StringBuilder("*").append(escape(excerpt.title())).append('*');
    if (!excerpt.lines().isEmpty()) {
      text.append('\n').append(FENCE).append(inFence(String.join("\n", excerpt.lines())));
      text.append(FENCE);
    }
    return section(text.toString());
  }

  /** Where the incident's evidence is kept, as a context line. */
  public static ObjectNode evidenceRecord(String uri) {
    ObjectNode context = block("context");
    context.putArray("elements").add(mrkdwn("evidence kept in " + code(uri)));
    return context;
  }

  /** "*Checked* verdict" then a bullet per failing step, escaped. */
  /**
   * The "what changed" section (the deployment, its diff, CloudTrail events), escaped and cut to
   * Slack's limit; callers put it right under the header, where the alert leads with it.
   *
   * @param lines {@code ChangeReport.lines()}, not empty
   */
  public static ObjectNode whatChanged(List<String> lines) {
    StringBuilder out = new StringBuilder("*What changed*");
    for (String line : lines) {
      out.append("\n").append(escape(line));
    }
    return section(out.toString());
  }

  private static String checked(List<String> lines) {
    StringBuilder out = new StringBuilder("*Checked* ").append(escape(lines.getFirst()));
    for (String line : lines.subList(1, lines.size())) {
      out.append("\n• ").append(escape(line));
    }
    return out.toString();
  }

  private static ObjectNode header(String headline) {
    ObjectNode block = block("header");
    block.set("text", plainText(fit(escape(headline), MAX_HEADER)));
    return block;
  }

  private static ObjectNode summary(Finding f, String headline) {
    String text = f.summary().isBlank() ? headline : f.summary();
    ObjectNode block = section(escape(text));
    List<String> fields = new ArrayList<>();
    addField(fields, "Cluster", f.resource().cluster());
    addField(fields, "Service", f.resource().service());
    addField(fields, "Account", f.resource().account());
    addField(fields, "Region", f.resource().region());
    addField(fields, "Category", f.category().name());
    addField(fields, "Sub-cause", f.subcause());
    if (!fields.isEmpty()) {
      ArrayNode array = block.putArray("fields");
      fields.stream().limit(MAX_FIELDS).forEach(t -> array.add(mrkdwn(fit(t, MAX_FIELD))));
    }
    return block;
  }

  private static void addField(List<String> fields, String label, String value) {
    if (value != null && !value.isBlank()) {
      fields.add("*" + label + "*\n" + escape(value));
    }
  }

  private static String why(Finding f) {
    StringBuilder b = new StringBuilder("*Why*");
    f.evidence().stream().limit(MAX_EVIDENCE).forEach(e -> b.append('\n').append(evidence(e)));
    return b.toString();
  }

  private static String evidence(Evidence e) {
    return "• " + code(e.field()) + ": " + code(e.value()) + " (" + escape(e.rule()) + ")";
  }

  private static String fix(Finding f) {
    StringBuilder b = new StringBuilder("*Fix*");
    for (ProposedAction a : f.actions()) {
      b.append("\n• ").append(escape(a.title()));
      if (a.type().automatable()) {
        b.append(" [").append(a.type()).append(", risk ").append(a.risk()).append(']');
      }
      if (a.command() != null && !a.command().isBlank()) {
        b.append('\n').append(FENCE).append(inFence(a.command())).append(FENCE);
      }
    }
    return b.toString();
  }

  private static ObjectNode context(Finding f, String incidentId, long repeatsFolded) {
    List<String> parts = new ArrayList<>();
    String link = runbookLink(f.runbook());
    if (link != null) {
      parts.add(link);
    }
    parts.add("incident " + escape(incidentId));
    if (repeatsFolded > 0) {
      parts.add(repeatsFolded + " repeats since the previous alert");
    }
    if (!f.category().pages()) {
      parts.add("labelled, not paged");
    }
    if (f.eventId() != null && !f.eventId().isBlank()) {
      parts.add("event " + escape(f.eventId()));
    }
    ObjectNode block = block("context");
    ArrayNode elements = block.putArray("elements");
    parts.forEach(p -> elements.add(mrkdwn(fit(p, MAX_TEXT))));
    return block;
  }

  /** Null when there is no runbook or it cannot be written as a Slack link. */
  private static String runbookLink(String url) {
    if (url == null || url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    return "<" + escape(url).replace("|", "%7C") + "|Runbook>";
  }

  private static ObjectNode approval(String incidentId) {
    ObjectNode block = block("actions");
    ArrayNode elements = block.putArray("elements");
    elements.add(button("Approve", "primary", APPROVE_ACTION_ID, incidentId));
    elements.add(button("Reject", "danger", REJECT_ACTION_ID, incidentId));
    return block;
  }

  private static ObjectNode button(String label, String style, String actionId, String value) {
    ObjectNode button = Json.MAPPER.createObjectNode();
    button.put("type", "button");
    button.set("text", plainText(label));
    button.put("style", style);
    button.put("action_id", actionId);
    button.put("value", value);
    return button;
  }

  private static ObjectNode section(String mrkdwn) {
    ObjectNode block = block("section");
    block.set("text", mrkdwn(fit(mrkdwn, MAX_TEXT)));
    return block;
  }

  private static ObjectNode block(String type) {
    ObjectNode block = Json.MAPPER.createObjectNode();
    block.put("type", type);
    return block;
  }

  private static ObjectNode plainText(String text) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("type", "plain_text");
    node.put("text", text);
    node.put("emoji", true);
    return node;
  }

  private static ObjectNode mrkdwn(String text) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("type", "mrkdwn");
    node.put("text", text);
    return node;
  }

  /** An inline code span; a backtick inside would end it early, so it becomes a quote. */
  private static String code(String s) {
    String inner = escape(s).replace('`', '\'');
    return inner.isEmpty() ? "\"\"" : "`" + inner + "`";
  }

  private static String inFence(String s) {
    return escape(s).replace(FENCE, "``\u200B`");
  }

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
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Cuts escaped mrkdwn to {@code max} characters ending in "…", without splitting an entity, a
   * surrogate pair or a code fence, and closing a fence the cut left open.
   */
  static String fit(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - ELLIPSIS.length() - FENCE.length();
    int amp = s.lastIndexOf('&', end - 1);
    if (amp >= 0 && end - amp < "&amp;".length() && s.indexOf(';', amp) >= end) {
      end = amp;
    }
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    while (end > 0 && s.charAt(end - 1) == '`') {
      end--;
    }
    String kept = s.substring(0, end);
    int fences = 0;
    for (int i = kept.indexOf(FENCE); i >= 0; i = kept.indexOf(FENCE, i + FENCE.length())) {
      fences++;
    }
    return kept + ELLIPSIS + (fences % 2 == 1 ? FENCE : "");
  }
}
