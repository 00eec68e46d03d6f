package io.ecsmedic.classify;

import io.ecsmedic.event.TextField;
import io.ecsmedic.model.Category;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The best guess when no signature fires: which category the words of the text point to.
 *
 * <p>Each category's vocabulary is the words of its signatures' phrases and summaries plus the
 * words listed for it in {@code signatures/vocabulary.json} (drawn from the field corpus, see
 * docs/accuracy.md). A word counts for a category in proportion to how few categories use it
 * (inverse document frequency over categories): "manifest" says IMAGE_PULL, "task" says nothing. A
 * category needs {@link #MIN_SCORE} to be named at all, so text with no ECS failure vocabulary
 * stays UNKNOWN. Within the category, the signature sharing the most telling words names the
 * sub-cause. Built once with the classifier; immutable and thread-safe.
 */
final class WordGuess {
  /** About two specific words, or one very specific word and a common one. */
  static final double MIN_SCORE = 3.0;

  /** A signature must share this much with the text to name the guess's sub-cause. */
  static final double SUBCAUSE_SCORE = 5.0;

  private static final int MAX_TOKENS = 20_000; // a long log paste: its head decides
  private static final int MAX_WORDS_SHOWN = 4;

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the",
          "and",
          "for",
          "with",
          "was",
          "were",
          "not",
          "this",
          "that",
          "are",
          "from",
          "has",
          "have",
          "had",
          "your",
          "you",
          "its",
          "been",
          "can",
          "could",
          "but",
          "all",
          "any",
          "our",
          "into",
          "out",
          "there",
          "their",
          "then",
          "than",
          "when",
          "what",
          "which",
          "will",
          "would",
          "should",
          "did",
          "does",
          "how",
          "why",
          "who",
          "get",
          "got",
          "one",
          "more",
          "some",
          "see",
          "also",
          "after",
          "before",
          "because",
          "other",
          "only",
          "same",
          "just",
          "like",
          "about",
          "error",
          "errors",
          "failed",
          "failure",
          "fail",
          "fails",
          "aws",
          "amazon",
          "ecs",
          "while",
          "later",
          "again",
          "try",
          "please",
          "occurred",
          "during",
          "being",
          "very",
          "currently",
          "time",
          "may",
          "might",
          "must",
          "need",
          "now",
          "new",
          "use",
          "used",
          "using",
          "via",
          "still",
          "yet",
          "set",
          "make",
          "made",
          "internal",
          "last",
          "view",
          "updated",
          "stopped",
          "start",
          "starting",
          "started",
          "taskfailedtostart",
          "cause",
          "caused",
          "reason",
          "information",
          "troubleshooting",
          "section",
          "guide",
          "developer",
          "http",
          "https",
          "www",
          "com",
          "amazonaws",
          "arn",
          "null",
          "true",
          "false");

  /** One category the words point to, with what decided it. */
  record Candidate(
      Category category,
      String subcause,
      Signature signature,
      double score,
      List<String> words,
      int textIndex,
      int offset) {
    String wordList() {
      return String.join(", ", words.subList(0, Math.min(MAX_WORDS_SHOWN, words.size())));
    }

    String firstWord() {
      return words.get(0);
    }
  }

  /** A category's own words and the sub-cause a guess names when no signature shares them. */
  record CategoryWords(String subcause, List<String> words) {}

  private final Category[] categories = Category.values();
  private final Map<String, float[]> weights = new HashMap<>(); // word → weight per category
  private final Map<String, Double> idf = new HashMap<>();
  private final List<Signature> signatures;
  private final List<Set<String>> signatureWords = new ArrayList<>();
  private final Map<Category, String> defaultSubcause = new EnumMap<>(Category.class);

  WordGuess(List<Signature> signatures, Map<Category, CategoryWords> vocabulary) {
    this.signatures = signatures;
    for (Signature s : signatures) {
      Set<String> own = new java.util.HashSet<>();
      if (s.readsLogs()) {
        signatureWords.add(own); // log words would pull guesses of inputs that have none
        continue;
      }
      if (s.text() != null) {
        for (List<String> group : s.text().groups()) {
          for (String phrase : group) {
            for (String w : words(phrase)) {
              own.add(w);
              add(w, s.category(), 1.0f);
            }
          }
        }
      }
      for (String w : words(s.summary())) {
        add(w, s.category(), 0.5f);
      }
      signatureWords.add(own);
    }
    vocabulary.forEach(
        (category, entry) -> {
          defaultSubcause.put(category, entry.subcause());
          for (String word : entry.words()) {
            for (String w : words(word)) {
              add(w, category, 1.0f);
            }
          }
        });
    int used = (int) java.util.Arrays.stream(categories).filter(this::hasWords).count();
    weights.forEach(
        (word, perCategory) -> {
          int df = 0;
          for (float f : perCategory) {
            df += f > 0 ? 1 : 0;
          }
          idf.put(word, Math.log((double) used / df));
        });
  }

  private boolean hasWords(Category c) {
    return weights.values().stream().anyMatch(w -> w[c.ordinal()] > 0);
  }

  private void add(String word, Category category, float weight) {
    if (category == Category.UNKNOWN) {
      return;
    }
    float[] w = weights.computeIfAbsent(word, k -> new float[categories.length]);
    w[category.ordinal()] = Math.max(w[category.ordinal()], weight);
  }

  /** Categories with enough support, most likely first; empty when the words say nothing. */
  List<Candidate> rank(List<TextField> texts) {
    Map<String, int[]> seen = new LinkedHashMap<>(); // word → {text index, offset}
    int budget = MAX_TOKENS;
    for (int t = 0; t < texts.size() && budget > 0; t++) {
      int textIndex = t;
      budget =
          scan(
              texts.get(t).value(),
              budget,
              (w, start) -> {
                if (weights.containsKey(w)) {
                  seen.putIfAbsent(w, new int[] {textIndex, start});
                }
              });
    }
    double[] score = new double[categories.length];
    for (String w : seen.keySet()) {
      float[] perCategory = weights.get(w);
      double weight = idf.get(w);
      for (int c = 0; c < perCategory.length; c++) {
        score[c] += perCategory[c] * weight;
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (Category c : categories) {
      if (score[c.ordinal()] < MIN_SCORE) {
        continue;
      }
      List<String> support = new ArrayList<>();
      for (String w : seen.keySet()) {
        if (weights.get(w)[c.ordinal()] > 0 && idf.get(w) > 0) {
          support.add(w);
        }
      }
      support.sort(Comparator.comparingDouble((String w) -> -idf.get(w)));
      int[] first = seen.get(support.get(0));
      Signature best = bestSignature(c, seen.keySet());
      String subcause =
          best != null ? best.subcause() : defaultSubcause.getOrDefault(c, c.subcauses().get(0));
      out.add(new Candidate(c, subcause, best, score[c.ordinal()], support, first[0], first[1]));
    }
    out.sort(Comparator.comparingDouble((Candidate c) -> -c.score()));
    return out;
  }

  /**
   * The category's signature whose phrases share the most telling words with the text, or null when
   * none shares enough to name a sub-cause (the category's default then stands).
   */
  private Signature bestSignature(Category category, Set<String> seen) {
    Signature best = null;
    double bestScore = SUBCAUSE_SCORE - 1e-9;
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      if (s.category() != category) {
        continue;
      }
      double score = 0;
      for (String w : signatureWords.get(i)) {
        if (seen.contains(w)) {
          score += idf.get(w);
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    return best;
  }

  /** The words of a phrase, as {@link #rank} reads them. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    scan(text, Integer.MAX_VALUE, (w, start) -> out.add(w));
    return out;
  }

  /** Receives each word {@link #scan} keeps, with where it starts. */
  private interface WordSink {
    void word(String word, int start);
  }

  /**
   * Reads at most {@code budget} runs of letters and digits, handing each one that counts as a word
   * (see {@link #word}) to the sink; returns the budget left.
   */
  private static int scan(String text, int budget, WordSink sink) {
    int i = 0;
    while (i < text.length() && budget > 0) {
      while (i < text.length() && !isWordChar(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && isWordChar(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        budget--;
        String w = word(text, start, i);
        if (w != null) {
          sink.word(w, start);
        }
      }
    }
    return budget;
  }

  /** Lower case, a plural "s" dropped; null for stop words and words under three letters. */
  private static String word(String text, int start, int end) {
    if (end - start < 3 || end - start > 40) {
      return null;
    }
    String w = text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    if (w.length() > 4 && w.endsWith("s") && !w.endsWith("ss")) {
      w = w.substring(0, w.length() - 1);
    }
    return STOP_WORDS.contains(w) ? null : w;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
