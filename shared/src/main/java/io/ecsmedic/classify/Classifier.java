package io.ecsmedic.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.event.EcsInput;
import io.ecsmedic.event.TextField;
import io.ecsmedic.model.Alternative;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Confidence;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.plan.ActionPlanner;
import io.ecsmedic.plan.Placeholders;
import io.ecsmedic.plan.Runbooks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import software.amazon.event.ruler.GenericMachine;

/**
 * Classifies one input against the signature catalogue. Built once (at Lambda INIT or CLI start),
 * immutable and thread-safe afterwards; {@link #classify} returns a value and changes nothing.
 *
 * <p>Matching runs in two indexes whose cost does not grow with the catalogue: event-ruler for the
 * structured {@code when} patterns and an Aho–Corasick automaton for the text phrases. Among the
 * signatures that fire, the highest priority wins; ties go to the smaller id so results are stable.
 */
public final class Classifier {
  private static final int EXCERPT_BEFORE = 40;
  private static final int EXCERPT_AFTER = 120;
  private static final int RAW_LIMIT = 2000;

  private final List<Signature> signatures;
  private final Signature[] byIndex;
  private final List<List<PatternLeaf>> leaves = new ArrayList<>(); // by signature index
  private final List<List<LiteralCondition>> literals = new ArrayList<>(); // by signature index
  private final GenericMachine<Integer> machine = new GenericMachine<>(); // rule name: index
  private final String[] runbookLinks;
  private final PhraseIndex phrases;
  private final Projection projection = new Projection();
  private final int[][][] groups; // signature index → group → phrase ids (null: no text rule)
  private final int[][] noneOf;
  // phrase id → the signatures whose first text group holds it: a text rule can only hold when
  // one of these phrases was seen, so a classification looks at the hits, not at the catalogue.
  private final int[][] signaturesOfPhrase;
  private final Runbooks runbooks;
  private final WordGuess words;

  public Classifier(SignatureCatalog catalog, Runbooks runbooks) {
    // Highest priority first, ties by id: the first signature that holds is the answer.
    this.signatures =
        catalog.signatures().stream()
            .sorted(
                java.util.Comparator.comparingInt((Signature s) -> -s.priority())
                    .thenComparing(Signature::id))
            .toList();
    this.byIndex = signatures.toArray(new Signature[0]);
    this.runbookLinks = new String[byIndex.length];
    this.runbooks = runbooks;
    Map<String, Integer> phraseIds = new LinkedHashMap<>();
    groups = new int[signatures.size()][][];
    noneOf = new int[signatures.size()][];
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      runbookLinks[i] = runbooks.link(s.category(), s.subcause());
      List<PatternLeaf> l = new ArrayList<>();
      List<LiteralCondition> c = new ArrayList<>();
      if (s.when() != null) {
        collectLeaves(s.when(), List.of(), l);
        collectLiterals(s.when(), List.of(), c);
      }
      leaves.add(List.copyOf(l));
      literals.add(List.copyOf(c));
      if (s.when() != null) {
        try {
          machine.addRule(i, s.when().toString());
          projection.add(s.when());
        } catch (Exception e) {
          throw new CatalogException(
              "signature " + s.id() + ": \"when\" is not a valid pattern: " + e.getMessage(), e);
        }
      }
      if (s.text() != null) {
        groups[i] = s.text().groups().stream().map(g -> ids(g, phraseIds)).toArray(int[][]::new);
        noneOf[i] = ids(s.text().noneOf(), phraseIds);
      }
    }
    this.phrases = new PhraseIndex(List.copyOf(phraseIds.keySet()));
    List<List<Integer>> byPhrase = new ArrayList<>();
    for (int p = 0; p < phrases.size(); p++) {
      byPhrase.add(new ArrayList<>());
    }
    for (int i = 0; i < signatures.size(); i++) {
      if (groups[i] != null) {
        for (int id : groups[i][0]) {
          byPhrase.get(id).add(i);
        }
      }
    }
    this.signaturesOfPhrase =
        byPhrase.stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).distinct().toArray())
            .toArray(int[][]::new);
    this.words = new WordGuess(signatures, catalog.vocabulary());
  }

  /** The bundled catalogue with the default runbook links. */
  public static Classifier bundled() {
    return new Classifier(SignatureCatalog.bundled(), Runbooks.defaults());
  }

  public List<Signature> signatures() {
    return signatures;
  }

  public Finding classify(EcsInput input) {
    List<String> texts = new ArrayList<>(input.texts().size());
    for (TextField t : input.texts()) {
      texts.add(t.value());
    }
    PhraseIndex.Hits hits = phrases.find(texts);
    boolean[] textCandidate = new boolean[byIndex.length];
    for (int k = 0; k < hits.count(); k++) {
      for (int i : signaturesOfPhrase[hits.ids()[k]]) {
        textCandidate[i] = true;
      }
    }
    Fired fired = new Fired(input);
    int winner = -1;
    int[] alternatives = {-1, -1};
    for (int i = 0; i < byIndex.length; i++) {
      if (winner >= 0) {
        if (!isNewCategory(i, winner, alternatives)) {
          continue; // an alternative must say something the finding does not
        }
        if (byIndex[i].when() != null && fired.structural == null) {
          // Alternatives come from evidence at hand: asking event-ruler only for them would
          // double the cost of a finding a phrase already decided.
          continue;
        }
      }
      if (byIndex[i].text() != null && !textCandidate[i]) {
        continue; // none of its first group's phrases occurs
      }
      if (!fires(i, hits, fired)) {
        continue;
      }
      if (winner < 0) {
        winner = i;
      } else if (alternatives[0] < 0) {
        alternatives[0] = i;
      } else {
        alternatives[1] = i;
        break;
      }
    }
    if (winner < 0) {
      return guess(input);
    }
    return finding(winner, input, hits, alternatives);
  }

  /**
   * Every input of one document (a describe-tasks output holds several), in order, and {@link
   * #primary} picks the finding that speaks for the document.
   */
  public List<Finding> classifyAll(List<EcsInput> inputs) {
    List<Finding> out = new ArrayList<>(inputs.size());
    for (EcsInput input : inputs) {
      out.add(classify(input));
    }
    return out;
  }

  /**
   * The finding that speaks for a document: the first that pages (a failure), else the first. A
   * describe-tasks output of a crash-looping service names its crash, not a task's clean stop.
   */
  public static Finding primary(List<Finding> findings) {
    for (Finding f : findings) {
      if (f.category().pages()) {
        return f;
      }
    }
    return findings.getFirst();
  }

  /** The structural matches of one input, computed on first need: text often decides first. */
  private final class Fired {
    final EcsInput input;
    boolean[] structural;

    Fired(EcsInput input) {
      this.input = input;
    }

    boolean structural(int i) {
      if (structural == null) {
        structural = structuralMatches(input);
      }
      return structural[i];
    }
  }

  private boolean fires(int i, PhraseIndex.Hits hits, Fired fired) {
    if (byIndex[i].when() != null) {
      if (cannotMatch(i, fired.input.matchDocument()) || !fired.structural(i)) {
        return false;
      }
    }
    return textHolds(i, hits, fired.input);
  }

  private boolean isNewCategory(int i, int winner, int[] alternatives) {
    Category c = byIndex[i].category();
    return c != byIndex[winner].category()
        && (alternatives[0] < 0 || c != byIndex[alternatives[0]].category());
  }

  /** No signature fired: the words of the text decide, with low confidence, or nothing does. */
  private Finding guess(EcsInput input) {
    List<WordGuess.Candidate> ranked = words.rank(input.texts());
    if (ranked.isEmpty()) {
      return unknown(input);
    }
    WordGuess.Candidate best = ranked.get(0);
    List<Alternative> alternatives = new ArrayList<>();
    for (int k = 1; k < ranked.size() && alternatives.size() < Finding.MAX_ALTERNATIVES; k++) {
      WordGuess.Candidate c = ranked.get(k);
      alternatives.add(new Alternative(c.category(), c.subcause(), "words " + c.wordList()));
    }
    Signature s = best.signature();
    Placeholders p = Placeholders.of(input.resource(), exitCodeOf(input));
    String summary =
        s != null
            ? "Likely " + best.category() + ": " + p.prose(s.summary())
            : "Likely " + best.category() + " (no known signature matched)";
    // A guess proposes what a person does, never a typed action the workflow could apply.
    List<ProposedAction> actions =
        s == null ? List.of() : ActionPlanner.plan(List.of(), s.fix(), s.snippet(), p);
    TextField field = input.texts().get(best.textIndex());
    Evidence evidence =
        new Evidence(
            field.path(),
            excerpt(field.value(), best.offset(), best.firstWord().length()),
            "no signature matched; the words "
                + best.wordList()
                + " point to "
                + best.category()
                + " (low confidence)");
    return new Finding(
        best.category(),
        best.subcause(),
        "guess." + best.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        TextNormalizer.sanitize(summary),
        withNotes(evidence, input),
        actions,
        runbooks.link(best.category(), best.subcause()),
        input.resource(),
        input.eventId(),
        input.kind().detailType(),
        null,
        Confidence.LOW,
        alternatives);
  }

  /**
   * A necessary condition checked before asking event-ruler, which costs microseconds per event: a
   * pattern field that lists only string or boolean literals cannot match when the event's value
   * there is absent or another scalar. Arrays, numbers and operators are left to event-ruler.
   */
  private record LiteralCondition(List<String> keys, java.util.Set<String> allowed) {}

  private static void collectLiterals(
      JsonNode pattern, List<String> prefix, List<LiteralCondition> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("$")) {
        continue;
      }
      List<String> keys = new ArrayList<>(prefix);
      keys.add(e.getKey());
      JsonNode value = e.getValue();
      if (value.isObject()) {
        collectLiterals(value, keys, out);
      } else if (value.isArray() && !value.isEmpty()) {
        java.util.Set<String> allowed = new java.util.HashSet<>();
        boolean literal = true;
        for (JsonNode v : value) {
          literal &= v.isTextual() || v.isBoolean();
          allowed.add(v.asText());
        }
        if (literal) {
          out.add(new LiteralCondition(List.copyOf(keys), java.util.Set.copyOf(allowed)));
        }
      }
    }
  }

  private boolean cannotMatch(int i, JsonNode doc) {
    for (LiteralCondition c : literals.get(i)) {
      JsonNode node = doc;
      for (String key : c.keys()) {
        if (node.isArray()) {
          node = null; // inside an array: leave it to event-ruler
          break;
        }
        node = node.path(key);
      }
      if (node == null || node.isArray() || node.isNumber()) {
        continue;
      }
      if (node.isMissingNode() || node.isNull() || !c.allowed().contains(node.asText())) {
        return true;
      }
    }
    return false;
  }

  private boolean[] structuralMatches(EcsInput input) {
    boolean[] matched = new boolean[byIndex.length];
    for (int i : machine.rulesForJSONEvent(projection.apply(input.matchDocument()))) {
      matched[i] = true;
    }
    return matched;
  }

  private boolean textHolds(int i, PhraseIndex.Hits hits, EcsInput input) {
    Signature s = byIndex[i];
    if (s.text() == null) {
      return true;
    }
    for (int[] group : groups[i]) {
      if (firstHit(group, hits) < 0) {
        return false;
      }
    }
    for (int id : noneOf[i]) {
      if (hits.has(id)) {
        return false;
      }
    }
    return s.text().regex() == null || regexField(s, input) >= 0;
  }

  private Finding finding(int i, EcsInput input, PhraseIndex.Hits hits, int[] others) {
    Signature s = byIndex[i];
    List<Evidence> evidence = new ArrayList<>();
    for (PatternLeaf leaf : leaves.get(i)) {
      evidence.add(leaf.evidence(input.matchDocument()));
    }
    if (s.text() != null) {
      for (int[] group : groups[i]) {
        evidence.add(textEvidence(firstHit(group, hits), hits, input));
      }
      if (s.text().regex() != null) {
        int field = regexField(s, input);
        TextField t = input.texts().get(field);
        Matcher m = s.text().regex().matcher(t.value());
        m.find();
        evidence.add(
            new Evidence(
                t.path(),
                excerpt(t.value(), m.start(), m.end() - m.start()),
                "matches /" + s.text().regex().pattern() + "/"));
      }
    }
    addNotes(evidence, input);
    Placeholders p = Placeholders.of(input.resource(), exitCodeOf(input));
    List<ProposedAction> actions = ActionPlanner.plan(s.actions(), s.fix(), s.snippet(), p);
    List<Alternative> alternatives = new ArrayList<>(2);
    for (int other : others) {
      if (other >= 0) {
        alternatives.add(alternative(other, input, hits));
      }
    }
    return new Finding(
        s.category(),
        s.subcause(),
        s.id(),
        TextNormalizer.sanitize(p.prose(s.summary())),
        evidence,
        actions,
        runbookLinks[i],
        input.resource(),
        input.eventId(),
        input.kind().detailType(),
        null,
        s.confidence(),
        alternatives);
  }

  /** Another signature that fired, and the first fact that made it fire. */
  private Alternative alternative(int i, EcsInput input, PhraseIndex.Hits hits) {
    Signature s = byIndex[i];
    String why;
    if (s.text() != null) {
      why =
          "signature "
              + s.id()
              + ": contains \""
              + phrases.phrase(firstHit(groups[i][0], hits))
              + "\"";
    } else {
      Evidence e = leaves.get(i).get(0).evidence(input.matchDocument());
      why = "signature " + s.id() + ": " + e.field() + " " + e.rule();
    }
    return new Alternative(s.category(), s.subcause(), TextNormalizer.sanitize(why));
  }

  private static List<Evidence> withNotes(Evidence first, EcsInput input) {
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(first);
    addNotes(evidence, input);
    return evidence;
  }

  /** What the input lacked, said where a person reads the evidence. */
  private static void addNotes(List<Evidence> evidence, EcsInput input) {
    for (EcsInput.Note note : input.notes()) {
      evidence.add(new Evidence(note.path(), Evidence.ABSENT, "note: " + note.text()));
    }
  }

  private static Integer exitCodeOf(EcsInput input) {
    JsonNode exit = input.facts().get("exitCode");
    return exit == null ? null : exit.asInt();
  }

  private Finding unknown(EcsInput input) {
    StringBuilder raw = new StringBuilder();
    for (TextField t : input.texts()) {
      if (!raw.isEmpty()) {
        raw.append('\n');
      }
      raw.append(t.path()).append(": ").append(t.value());
    }
    String rawText = TextNormalizer.sanitize(clip(raw.toString(), RAW_LIMIT));
    return new Finding(
        Category.UNKNOWN,
        "UNMATCHED",
        "unknown",
        "No known signature matches this "
            + input.kind().detailType()
            + "; it is recorded so the catalogue can grow",
        List.of(),
        List.of(),
        runbooks.link(Category.UNKNOWN, "UNMATCHED"),
        input.resource(),
        input.eventId(),
        input.kind().detailType(),
        rawText,
        Confidence.LOW,
        List.of());
  }

  /**
   * One leaf of a signature's pattern, prepared at load so evidence costs a lookup, not a
   * serialisation: the field path, and the rule text shown to people.
   */
  private record PatternLeaf(List<String> keys, String path, String rule) {
    Evidence evidence(JsonNode doc) {
      if (keys.isEmpty()) {
        return new Evidence(path, "", rule);
      }
      List<JsonNode> values = new ArrayList<>();
      collect(doc, 0, values);
      return new Evidence(path, TextNormalizer.sanitize(valuesAt(values)), rule);
    }

    /**
     * The values at {@code keys}, stepping into every element of an array on the way (as
     * event-ruler does).
     */
    private void collect(JsonNode node, int depth, List<JsonNode> out) {
      if (node.isArray()) {
        node.forEach(element -> collect(element, depth, out));
      } else if (depth == keys.size()) {
        if (!node.isMissingNode() && !node.isNull()) {
          out.add(node);
        }
      } else {
        collect(node.path(keys.get(depth)), depth + 1, out);
      }
    }
  }

  private static void collectLeaves(JsonNode pattern, List<String> prefix, List<PatternLeaf> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("$")) { // $or: the branches are alternatives; show it whole
        String path = prefix.isEmpty() ? "(event)" : String.join(".", prefix);
        out.add(new PatternLeaf(List.of(), path, "matches " + e.getValue()));
        continue;
      }
      List<String> keys = new ArrayList<>(prefix);
      keys.add(e.getKey());
      if (e.getValue().isObject()) {
        collectLeaves(e.getValue(), keys, out);
      } else {
        out.add(
            new PatternLeaf(List.copyOf(keys), String.join(".", keys), "matches " + e.getValue()));
      }
    }
  }

  /** A leaf's values, comma-separated (one per array element on the path), or ABSENT. */
  private static String valuesAt(List<JsonNode> values) {
    if (values.isEmpty()) {
      return Evidence.ABSENT;
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode v : values) {
      text.append(text.isEmpty() ? "" : ", ").append(v.isValueNode() ? v.asText() : v.toString());
    }
    return clip(text.toString(), 200);
  }

  private Evidence textEvidence(int phraseId, PhraseIndex.Hits hits, EcsInput input) {
    TextField field = input.texts().get(hits.textOf(phraseId));
    String phrase = phrases.phrase(phraseId);
    return new Evidence(
        field.path(),
        excerpt(
            field.value(),
            hits.offsetOf(phraseId, field.value(), phrases.compactLength(phraseId)),
            phrase.length()),
        "contains \"" + phrase + "\"");
  }

  private static int firstHit(int[] ids, PhraseIndex.Hits hits) {
    for (int id : ids) {
      if (hits.has(id)) {
        return id;
      }
    }
    return -1;
  }

  private static int regexField(Signature s, EcsInput input) {
    for (int f = 0; f < input.texts().size(); f++) {
      if (s.text().regex().matcher(input.texts().get(f).value()).find()) {
        return f;
      }
    }
    return -1;
  }

  /** The text around a match, so a long stoppedReason still shows the part that mattered. */
  static String excerpt(String text, int offset, int length) {
    if (offset < 0 || offset + length > text.length()) { // normalisation changed the length
      return TextNormalizer.sanitize(clip(text, EXCERPT_BEFORE + EXCERPT_AFTER));
    }
    int from = Math.max(0, offset - EXCERPT_BEFORE);
    int to = Math.min(text.length(), offset + length + EXCERPT_AFTER);
    String s = (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    return TextNormalizer.sanitize(s);
  }

  private static int[] ids(List<String> list, Map<String, Integer> phraseIds) {
    int[] out = new int[list.size()];
    for (int i = 0; i < list.size(); i++) {
      out[i] = phraseIds.computeIfAbsent(list.get(i), k -> phraseIds.size());
    }
    return out;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
