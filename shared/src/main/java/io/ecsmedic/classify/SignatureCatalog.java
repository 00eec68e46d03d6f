package io.ecsmedic.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Confidence;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The signatures, loaded from {@code signatures/<CATEGORY>.json} on the classpath: one file per
 * category, so the file name is the category and nothing else has to list them. Loading validates
 * everything (ids unique, sub-causes allowed, actions known, patterns and regexes compile) and
 * fails with the file and id, so a bad catalogue never reaches production.
 */
public final class SignatureCatalog {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "subcause",
          "priority",
          "summary",
          "when",
          "text",
          "fix",
          "snippet",
          "actions",
          "confidence");
  private static final Set<String> TEXT_FIELDS = Set.of("anyOf", "allOf", "noneOf", "regex");

  private static final String VOCABULARY = "signatures/vocabulary.json";

  private final List<Signature> signatures;
  private final Map<Category, WordGuess.CategoryWords> vocabulary;

  private SignatureCatalog(
      List<Signature> signatures, Map<Category, WordGuess.CategoryWords> vocabulary) {
    this.signatures = List.copyOf(signatures);
    this.vocabulary = Map.copyOf(vocabulary);
  }

  /** The catalogue that ships in the jar. */
  public static SignatureCatalog bundled() {
    List<Signature> all = new ArrayList<>();
    for (Category category : Category.values()) {
      String resource = "signatures/" + category.name() + ".json";
      try (InputStream in = SignatureCatalog.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          all.addAll(parse(category, resource, Json.MAPPER.readTree(in)));
        }
      } catch (IOException e) {
        throw new CatalogException(resource + ": " + e.getMessage(), e);
      }
    }
    try (InputStream in = SignatureCatalog.class.getClassLoader().getResourceAsStream(VOCABULARY)) {
      if (in == null) {
        throw new CatalogException(VOCABULARY + " is missing from the classpath");
      }
      return of(all, parseVocabulary(VOCABULARY, Json.MAPPER.readTree(in)));
    } catch (IOException e) {
      throw new CatalogException(VOCABULARY + ": " + e.getMessage(), e);
    }
  }

  /** A catalogue from signatures built in code (tests), with no extra vocabulary. */
  public static SignatureCatalog of(List<Signature> signatures) {
    return of(signatures, Map.of());
  }

  static SignatureCatalog of(
      List<Signature> signatures, Map<Category, WordGuess.CategoryWords> vocabulary) {
    Set<String> ids = new HashSet<>();
    for (Signature s : signatures) {
      if (!ids.add(s.id())) {
        throw new CatalogException("duplicate signature id " + s.id());
      }
    }
    return new SignatureCatalog(signatures, vocabulary);
  }

  /**
   * {@code {"IMAGE_PULL": {"subcause": "OTHER", "words": ["manifest", ...]}, ...}}: the words the
   * fallback guess reads for each category, beyond those of its signatures (docs/accuracy.md).
   */
  static Map<Category, WordGuess.CategoryWords> parseVocabulary(String source, JsonNode file) {
    Map<Category, WordGuess.CategoryWords> out = new java.util.EnumMap<>(Category.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Category category;
      try {
        category = Category.valueOf(e.getKey());
      } catch (IllegalArgumentException x) {
        throw new CatalogException(source + ": unknown category \"" + e.getKey() + "\"");
      }
      String subcause = e.getValue().path("subcause").asText("");
      if (!category.allows(subcause)) {
        throw new CatalogException(
            source + ": " + category + " has no sub-cause \"" + subcause + "\"");
      }
      List<String> words = new ArrayList<>();
      for (JsonNode w : e.getValue().path("words")) {
        if (!w.isTextual() || WordGuess.words(w.asText()).isEmpty()) {
          throw new CatalogException(
              source
                  + ": "
                  + category
                  + ": \""
                  + w.asText()
                  + "\" is not a word the guess reads"
                  + " (three letters or more, not a stop word)");
        }
        words.add(w.asText());
      }
      out.put(category, new WordGuess.CategoryWords(subcause, List.copyOf(words)));
    }
    return out;
  }

  Map<Category, WordGuess.CategoryWords> vocabulary() {
    return vocabulary;
  }

  /** Parses one category file. */
  static List<Signature> parse(Category category, String source, JsonNode file) {
    if (!category.name().equals(file.path("category").asText())) {
      throw new CatalogException(
          source + ": \"category\" must be \"" + category.name() + "\" (the file name)");
    }
    List<Signature> out = new ArrayList<>();
    for (JsonNode node : file.path("signatures")) {
      String id = node.path("id").asText("");
      String where = source + " signature \"" + id + "\"";
      try {
        out.add(parseSignature(category, node));
      } catch (RuntimeException e) {
        throw new CatalogException(where + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Signature parseSignature(Category category, JsonNode node) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field \"" + field + "\"");
      }
    }
    String id = required(node, "id");
    if (!id.matches("[a-z0-9]+(?:[.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException("id must be lower-case words joined by '.' or '-'");
    }
    JsonNode when = node.get("when");
    if (when != null && (!when.isObject() || when.isEmpty())) {
      throw new IllegalArgumentException("\"when\" must be a non-empty EventBridge pattern object");
    }
    List<ActionType> actions = new ArrayList<>();
    for (JsonNode a : node.path("actions")) {
      try {
        actions.add(ActionType.valueOf(a.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown action " + a.asText());
      }
    }
    if (!node.path("priority").canConvertToInt()) {
      throw new IllegalArgumentException("\"priority\" must be an integer");
    }
    return new Signature(
        id,
        category,
        required(node, "subcause"),
        node.path("priority").asInt(),
        required(node, "summary"),
        when,
        node.has("text") ? parseText(node.get("text")) : null,
        optional(node, "fix"),
        optional(node, "snippet"),
        actions,
        confidence(optional(node, "confidence")));
  }

  private static Confidence confidence(String value) {
    if (value == null || value.equals("high")) {
      return Confidence.HIGH;
    }
    if (value.equals("medium")) {
      return Confidence.MEDIUM;
    }
    throw new IllegalArgumentException("\"confidence\" must be \"high\" or \"medium\"");
  }

  private static TextRule parseText(JsonNode text) {
    for (Iterator<String> it = text.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!TEXT_FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field \"text." + field + "\"");
      }
    }
    Pattern regex = null;
    if (text.hasNonNull("regex")) {
      try {
        regex =
            Pattern.compile(
                text.get("regex").asText(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("text.regex does not compile: " + e.getDescription());
      }
    }
    List<List<String>> groups = new ArrayList<>();
    if (text.has("anyOf")) {
      groups.add(phrases(text.get("anyOf")));
    }
    for (JsonNode entry : text.path("allOf")) {
      groups.add(
          entry.isArray() ? phrases(entry) : phrases(Json.MAPPER.createArrayNode().add(entry)));
    }
    return new TextRule(groups, phrases(text.path("noneOf")), regex);
  }

  private static List<String> phrases(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : array) {
      String phrase = TextNormalizer.normalize(p.asText());
      if (phrase.isBlank()) {
        throw new IllegalArgumentException("blank phrase");
      }
      out.add(phrase);
    }
    return out;
  }

  private static String required(JsonNode node, String field) {
    String value = optional(node, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return value;
  }

  private static String optional(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public List<Signature> signatures() {
    return Collections.unmodifiableList(signatures);
  }

  public int size() {
    return signatures.size();
  }
}
