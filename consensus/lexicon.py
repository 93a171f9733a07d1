"""Words that carry a writer's judgement, from two kept general lexicons (not from any story of ours):

- VADER's valence lexicon (vaderSentiment, MIT): about 7,500 words and their mean valence from -4 to +4 as rated by
  ten people; words of reaction and attack ("cheered", "complained", "applauded", "outrageous") are there.
- The subjectivity lexicon TextBlob ships (Pattern's en-sentiment.xml, De Smedt and Daelemans): 2,900 adjective
  senses with a polarity and a subjectivity.

A word is evaluative when VADER rates its valence at least VADER_VALENCE either way, or TextBlob rates it, over its
senses, at least TEXTBLOB_SUBJECTIVITY subjective and TEXTBLOB_POLARITY polar. Such a word is one outlet's framing
when the other outlets do not use it: "guilty" in "pleaded guilty", used by every report of the plea, is the story's
vocabulary, not a judgement the brief adopts (see unshared).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import statistics
import xml.etree.ElementTree as ET

VADER_VALENCE = 1.5
TEXTBLOB_SUBJECTIVITY = 0.8
TEXTBLOB_POLARITY = 0.4
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _package_file(package: str, *parts: str) -> str | None:
    """A data file of an installed package, found without importing the package (TextBlob imports NLTK)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], *parts)
    return path if os.path.isfile(path) else None


@functools.cache
def vader() -> dict[str, float]:
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    if path is None:
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and _WORD.fullmatch(fields[0]):
                out[fields[0]] = float(fields[1])
    return out


@functools.cache
def textblob() -> dict[str, tuple[float, float]]:
    """Word -> (mean polarity, mean subjectivity) over its senses."""
    path = _package_file("textblob", "en", "en-sentiment.xml")
    if path is None:
        return {}
    senses: dict[str, list[tuple[float, float]]] = {}
    for w in ET.parse(path).getroot().iter("word"):
        senses.setdefault(w.get("form", "").lower(), []).append(
            (float(w.get("polarity", 0)), float(w.get("subjectivity", 0))))
    return {word: (statistics.fmean(p for p, _ in s), statistics.fmean(q for _, q in s)) for word, s in senses.items()}


@functools.lru_cache(maxsize=1 << 16)
def evaluative(word: str) -> bool:
    """Whether a lower-cased word carries a judgement by either lexicon."""
    if abs(vader().get(word, 0.0)) >= VADER_VALENCE:
        return True
    polarity, subjectivity = textblob().get(word, (0.0, 0.0))
    return subjectivity >= TEXTBLOB_SUBJECTIVITY and abs(polarity) >= TEXTBLOB_POLARITY


def available() -> bool:
    return bool(vader()) or bool(textblob())


def outside_quotes(text: str) -> str:
    """The text with every quotation blanked: what the writer says in the writer's own voice."""
    return re.sub(r'"[^"]*"', " ", text.replace("\u201c", '"').replace("\u201d", '"'))


def words_of(text: str, own_voice: bool = False) -> str:
    """The text's words, lower-cased, one space apart and around (outside quotation marks only, if own_voice): a
    phrase's words occur in a text when words_of(phrase) is in words_of(text)."""
    return " " + " ".join(_WORD.findall((outside_quotes(text) if own_voice else text).lower())) + " "


def carries(words: str, phrase: str) -> bool:
    """Whether a words_of() string holds the phrase's words, whole and in order."""
    key = words_of(phrase)
    return bool(key.strip()) and key in words


_CASED_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def evaluative_words(text: str) -> list[str]:
    """The evaluative words of a text outside quotation marks (quoted words are the speaker's), in order. A word of
    a name is no judgement ("Supreme Court", "United States", "Special Agent Strzok", "Robert L. Wilkins"): a
    capitalised word that does not open a sentence is taken as a name's, and so is a single letter."""
    own = outside_quotes(text)
    if not any(evaluative(w) for w in _WORD.findall(own.lower())):
        return []  # most statements: no evaluative word, no need to look at case
    found = []
    for m in _CASED_WORD.finditer(own):
        word = m.group(0)
        named = word[0].isupper() and not opens_sentence(own, m.start())
        if len(word) > 1 and evaluative(word.lower()) and not named:
            found.append(word.lower())
    return found


def opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens a sentence, a quotation or an aside: nothing before it, or a sentence's end
    that is no abbreviation's ("U.S. Supreme Court" is one name), a colon or semicolon, an opening mark."""
    i = at - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] in "\"\u201c(":
        return True
    if text[i] in ".!?":
        return not (i >= 1 and text[i - 1].isupper() and (i == 1 or not text[i - 2].isalpha()))  # "U.S." "L."
    return text[i] in ":;"


def unshared(text: str, outlet_texts: list[str], named: list[str] | tuple = ()) -> list[str]:
    """The evaluative words of a statement that fewer than two of the outlets' texts use: one outlet's framing.
    `named`: further words or phrases judged evaluative elsewhere (the model's, extract.LoadedWords), counted
    the same way where the statement carries them outside quotation marks."""
    lowered = [set(_WORD.findall(t.lower())) for t in outlet_texts]
    found = [w for w in evaluative_words(text) if sum(w in words for words in lowered) < 2]
    own, flat = words_of(text, own_voice=True), [words_of(t) for t in outlet_texts]
    for phrase in named:
        if carries(own, phrase) and phrase not in found and sum(carries(t, phrase) for t in flat) < 2:
            found.append(phrase)
    return found


def one_outlets_words(flagged: dict[str, list[str]], texts: dict[str, str], report_of: dict[str, str]
                      ) -> dict[str, list[str]]:
    """Per article, its flagged words or phrases (article id -> words) that fewer than two independent reports
    (`report_of`: article id -> report) carry outside quotation marks in their text (`texts`: article id -> text).
    A word that two outlets use is the story's own vocabulary ("marijuana", "troops"), not one outlet's framing."""
    flat = {a: words_of(t, own_voice=True) for a, t in texts.items()}
    return {article: [p for p in words if len({report_of.get(a, a) for a, t in flat.items() if carries(t, p)}) < 2]
            for article, words in flagged.items()}
