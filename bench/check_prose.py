"""An independent check of a brief's LLM prose: `python -m bench.check_prose OUTDIR/brief.json`.

Shares no code with consensus.prose (only json and re): for every kept sentence of `prose`, it gathers the text of
the claims it cites (statement, members' wordings, evidence, and the sides of their conflicts) and lists each digit
run, capitalized word and quotation of the sentence that this text does not contain. A capitalized first word is
accepted when its lower-case form occurs in that text or it is a function word. Prints one line per finding and a
summary line; exits 1 when anything is uncited.
"""

from __future__ import annotations

import json
import re
import sys

FUNCTION_WORDS = {"the", "a", "an", "she", "he", "they", "it", "this", "that", "in", "on", "at", "during", "after",
                  "before", "both", "while", "however", "meanwhile", "according", "his", "her", "their", "its"}


def flat(text: str) -> str:
    for a, b in {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "}.items():
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text)


def cited_text(brief: dict, cites: list[str]) -> str:
    claims = {c["id"]: c for c in brief["claims"]}
    parts = []
    for cid in cites:
        c = claims[cid]
        parts += [c["statement"], c.get("speaker", "")] + [m["statement"] for m in c.get("members", [])]
        parts += [e["text"] for e in c["evidence"]]
        for x in brief.get("conflicts", []):
            if cid in x["claims"]:
                parts += [s["label"] for s in x["sides"]] + [", ".join(s["outlets"]) for s in x["sides"]]
                parts += [e["text"] for s in x["sides"] for e in s["evidence"]]
    return flat("\n".join(parts))


def findings(text: str, source: str) -> list[str]:
    text = flat(text)
    out = []
    digits = {d.replace(",", "") for d in re.findall(r"\d[\d,.]*\d|\d", source)}
    out += [f"number {d}" for d in re.findall(r"\d[\d,.]*\d|\d", text) if d.replace(",", "") not in digits]
    for q in re.findall(r'"([^"]+)"', text):
        words = re.findall(r"[a-z0-9']+", q.lower())
        if " ".join(words) not in " ".join(re.findall(r"[a-z0-9']+", source.lower())):
            out.append(f"quotation {q!r}")
    outside = re.sub(r'"[^"]*"', " ", text)
    source_words = set(re.findall(r"[A-Za-z]+", source.replace(".", "")))
    for i, w in enumerate(re.findall(r"[A-Za-z][A-Za-z.']*", outside)):
        w = re.sub(r"'s$", "", w).replace(".", "").strip("'")
        if not w[:1].isupper() or w in source_words:
            continue
        if i == 0 and (w.lower() in FUNCTION_WORDS or w.lower() in source.lower()):
            continue
        out.append(f"name {w}")
    return out


def main(path: str) -> int:
    brief = json.load(open(path, encoding="utf-8"))
    prose = brief.get("prose")
    if not prose:
        print("no prose in this brief (run with --writer llm)")
        return 1
    bad = 0
    for s in prose["sentences"]:
        for f in findings(s["text"], cited_text(brief, s["cites"])):
            bad += 1
            print(f"uncited {f} in: {s['text']} (cites {', '.join(s['cites'])})")
    print(f"check_prose: {len(prose['sentences'])} kept sentences, {bad} uncited numbers/names/quotations; "
          f"generated={prose['generated']} kept={prose['kept']} dropped={prose['dropped']} "
          f"reasks={prose['reasks']} fallback={int(prose['fallback'])}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
