package io.ecsmedic.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Finds every catalogue phrase in a set of texts in one pass per text (Aho–Corasick), so the cost
 * of text matching does not grow with the number of signatures — the same property event-ruler
 * gives the structured patterns.
 *
 * <p>Phrases must be normalised with {@link TextNormalizer#normalize}; texts are scanned as they
 * are, because the automaton folds case (and the typographic apostrophe) itself, so offsets are
 * offsets in the original text. Built once, at catalogue load; immutable and thread-safe after.
 */
final class PhraseIndex {
  private final List<String> phrases;
  private final int[] lengths;
  private final Map<Character, Integer> alphabet;
  private final int[] asciiAlphabet; // char < 128 → column, or -1
  private final int columns;
  private final char[] next; // state * columns + column → state; char keeps the table cache-sized
  // Phrase ids ending in each state (suffix links included), flattened so the scan touches two
  // small contiguous arrays instead of one object per state: outputIds[outputStart[s] ..
  // outputStart[s + 1]).
  private final int[] outputStart;
  private final int[] outputIds;

  PhraseIndex(List<String> phrases) {
    this.phrases = List.copyOf(phrases);
    List<String> compact = phrases.stream().map(PhraseIndex::compact).toList();
    this.lengths = compact.stream().mapToInt(String::length).toArray();
    this.alphabet = new HashMap<>();
    this.asciiAlphabet = new int[128];
    Arrays.fill(asciiAlphabet, -1);
    for (String p : compact) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty phrase");
      }
      for (char c : p.toCharArray()) {
        if (!alphabet.containsKey(c)) {
          int col = alphabet.size();
          alphabet.put(c, col);
          if (c < 128) {
            asciiAlphabet[c] = col;
          }
        }
      }
    }
    this.columns = Math.max(1, alphabet.size());
    for (char c = 'A'; c <= 'Z'; c++) { // fold case: upper-case letters share the lower-case column
      asciiAlphabet[c] = asciiAlphabet[Character.toLowerCase(c)];
    }

    // 1. The trie.
    List<int[]> goTo = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    goTo.add(filled(columns));
    out.add(new ArrayList<>());
    for (int id = 0; id < phrases.size(); id++) {
      int state = 0;
      for (char c : compact.get(id).toCharArray()) {
        int col = alphabet.get(c);
        if (goTo.get(state)[col] < 0) {
          goTo.get(state)[col] = goTo.size();
          goTo.add(filled(columns));
          out.add(new ArrayList<>());
        }
        state = goTo.get(state)[col];
      }
      out.get(state).add(id);
    }

    // 2. Suffix links, breadth first, turning the trie into a complete automaton.
    int[] fail = new int[goTo.size()];
    Queue<Integer> queue = new ArrayDeque<>();
    for (int col = 0; col < columns; col++) {
      int s = goTo.get(0)[col];
      if (s < 0) {
        goTo.get(0)[col] = 0;
      } else {
        fail[s] = 0;
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.remove();
      out.get(state).addAll(out.get(fail[state]));
      for (int col = 0; col < columns; col++) {
        int s = goTo.get(state)[col];
        if (s < 0) {
          goTo.get(state)[col] = goTo.get(fail[state])[col];
        } else {
          fail[s] = goTo.get(fail[state])[col];
          queue.add(s);
        }
      }
    }
    if (goTo.size() > Character.MAX_VALUE) {
      throw new IllegalArgumentException(
          "too many phrase characters for one index: " + goTo.size());
    }
    this.next = new char[goTo.size() * columns];
    for (int state = 0; state < goTo.size(); state++) {
      for (int col = 0; col < columns; col++) {
        next[state * columns + col] = (char) goTo.get(state)[col];
      }
    }
    this.outputStart = new int[out.size() + 1];
    this.outputIds = out.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
    for (int i = 0; i < out.size(); i++) {
      outputStart[i + 1] = outputStart[i] + out.get(i).size();
    }
  }

  int size() {
    return phrases.size();
  }

  /** The number of non-space characters the automaton matches for a phrase. */
  int compactLength(int id) {
    return lengths[id];
  }

  String phrase(int id) {
    return phrases.get(id);
  }

  /**
   * Scans the texts and records, for each phrase, the first text and offset where it occurs
   * (case-insensitive). White space is skipped on both sides: a phrase matches across a line that a
   * terminal wrapped in the middle of a word ("retri eved"), and with any spacing.
   */
  Hits find(List<String> texts) {
    Hits hits = new Hits(phrases.size());
    for (int t = 0; t < texts.size(); t++) {
      String text = texts.get(t);
      int state = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == ' ') {
          continue;
        }
        int col = c < 128 ? asciiAlphabet[c] : column(c);
        state = col < 0 ? 0 : next[state * columns + col];
        for (int k = outputStart[state], end = outputStart[state + 1]; k < end; k++) {
          hits.record(outputIds[k], t, i);
        }
      }
    }
    return hits;
  }

  /** Where a phrase of {@code length} non-space characters that ends at {@code last} starts. */
  private static int startOf(String text, int last, int length) {
    int k = last;
    for (int seen = 1; seen < length; seen++) {
      k--;
      while (text.charAt(k) == ' ') {
        k--;
      }
    }
    return k;
  }

  /** The form the automaton matches: no white space. */
  static String compact(String phrase) {
    StringBuilder b = new StringBuilder(phrase.length());
    for (int i = 0; i < phrase.length(); i++) {
      char c = phrase.charAt(i);
      if (!Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private int column(char c) {
    char folded = c == '\u2019' || c == '\u2018' ? '\'' : Character.toLowerCase(c);
    Integer col = alphabet.get(folded);
    return col == null ? -1 : col;
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  /**
   * Where each phrase was first seen, and which phrases were seen at all. One zeroed array per
   * input (no fill), and the list of hit phrases so that callers look only at what matched.
   */
  static final class Hits {
    private final long[] seen; // (text index + 1) << 32 | index of the phrase's last character
    private int[] hitIds = new int[8];
    private int hitCount;

    Hits(int phraseCount) {
      seen = new long[phraseCount];
    }

    void record(int phrase, int textIndex, int lastChar) {
      if (seen[phrase] == 0) {
        seen[phrase] = ((long) (textIndex + 1) << 32) | lastChar;
        if (hitCount == hitIds.length) {
          hitIds = Arrays.copyOf(hitIds, hitCount * 2);
        }
        hitIds[hitCount++] = phrase;
      }
    }

    boolean has(int phrase) {
      return seen[phrase] != 0;
    }

    int textOf(int phrase) {
      return (int) (seen[phrase] >>> 32) - 1;
    }

    /** The phrases seen, in the order they were first seen; valid up to {@link #count}. */
    int[] ids() {
      return hitIds;
    }

    int count() {
      return hitCount;
    }

    /** Where the phrase starts in the text it was seen in (white space inside it skipped). */
    int offsetOf(int phrase, String text, int compactLength) {
      return startOf(text, (int) seen[phrase], compactLength);
    }
  }
}
