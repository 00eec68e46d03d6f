#!/usr/bin/env python3
"""Candidate words for shared/src/main/resources/signatures/vocabulary.json, mined from the field corpus.

For each category: the words (three letters or more, the way WordGuess reads them) that appear in at
least MIN_ENTRIES of its entries and mostly in its entries (at least MIN_SHARE of the entries that
use the word). A person reviews the list before adding a word: a word that only one source uses, a
product name or an id is no vocabulary. Reads only the in-sample set, so the hold-out sets stay a test.

usage: scripts/corpus-vocabulary.py [corpus/field/in-sample.jsonl]
"""
import collections
import json
import re
import sys

MIN_ENTRIES = 3
MIN_SHARE = 0.6
STOP = set("""the and for with was were not this that are from has have had your you its been can could but all any our
into out there their then than when what which will would should did does how why who get got one more some see also
after before because other only same just like about error errors failed failure fail fails aws amazon ecs while later
again try please occurred during being very currently time may might must need now new use used using via still yet set
make made internal last view updated stopped start starting started taskfailedtostart cause caused reason information troubleshooting section
guide developer http https www com amazonaws arn null true false""".split())


def words(text):
    out = set()
    for w in re.findall(r"[A-Za-z0-9]+", text):
        if len(w) < 3 or len(w) > 40:
            continue
        w = w.lower()
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w not in STOP and not w.isdigit() or w in ("137", "139", "143", "502", "503", "504"):
            out.add(w)
    return out


def main(path):
    by_category = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        text = row.get("text") or json.dumps(row.get("input"))
        by_category[row["category"]].append(words(text))
    total = collections.Counter(w for entries in by_category.values() for e in entries for w in e)
    for category, entries in sorted(by_category.items()):
        counts = collections.Counter(w for e in entries for w in e)
        picked = [
            (w, n)
            for w, n in counts.most_common()
            if n >= MIN_ENTRIES and n / total[w] >= MIN_SHARE
        ]
        print(f"{category}: " + ", ".join(f"{w}({n}/{total[w]})" for w, n in picked[:25]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpus/field/in-sample.jsonl")
