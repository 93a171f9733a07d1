"""Deterministic text helpers: canonical names, numbers with units, dates, quoted speech, content words.

Rules here never invent a fact: they only read what a sentence already says.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

import snowballstemmer

from .models import Number

QUOTE_CHARS = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2032": "'"}

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into onto over under about against between during
    as is are was were be been being has have had do does did will would can could should may might must shall
    that this these those it its it's he she they them their his her him we us our you your i me my not no
    who whom which what when where why how than then there here also very more most some any all both each
    said says say told tell stated added according reportedly recently while after before since because
    so such just only even still yet again up out off down one two own same other another""".split()
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DATE_RX = re.compile(
    r"\b(?:(?:" + "|".join(m.capitalize() for m in MONTHS) + r")(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?"
    r"|(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + r"))\b"
)
_NUMBER_RX = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*(?:%|percent|per cent))?"
    r"(?:\s+(million|billion|thousand))?(?:\s+([A-Za-z][A-Za-z-]+))?"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "twenty": 20, "hundred": 100, "dozen": 12}
# Counts written out ("Two people died", "three firefighters", "twenty-five homes"): 2 to 99. "One" is left out:
# "one of the", "one day" are seldom a count.
_UNITS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SPELLED = {w: i + 2 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)} | \
    {w: 10 * (i + 2) for i, w in enumerate(_TENS)} | {"one": 1}
_SPELLED_RX = re.compile(
    r"(?<![\w-])((?:%s)(?:-(?:one|%s))?|%s|%s)\s+([A-Za-z][A-Za-z-]+)" % (
        "|".join(_TENS), "|".join(_UNITS), "|".join(_TEENS), "|".join(_UNITS)), re.I)
_QUOTE_RX = re.compile(r"\"([^\"]{3,})\"|(?<![A-Za-z])'([^']{12,}?)'(?![A-Za-z])")
_CAPWORD_RX = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?\b")
_WORD_RX = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")


def normalize(text: str) -> str:
    """NFKC, straight quotes, single spaces: the form all comparisons use."""
    if not text.isascii():  # ASCII is its own NFKC form and holds no curly quote
        text = unicodedata.normalize("NFKC", text)
        for a, b in QUOTE_CHARS.items():
            text = text.replace(a, b)
    return " ".join(text.split())  # str.split's whitespace is the \s of a str pattern


def words(text: str) -> list[str]:
    return _WORD_RX.findall(normalize(text).lower())


_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1 << 16)  # called for every word of every claim; words recur
def stem(word: str) -> str:
    """Snowball (Porter2) English stem: 'designated'/'designate', 'rejected'/'rejects', 'troops'/'troop' meet."""
    return _STEMMER.stemWord(word)


# Stems that name one act: outlets vary the verb of a refusal or denial ("rejects", "refused", "snubs",
# "declined", "denied", "dismissed").
SAME_ACT = {"refus": "reject", "declin": "reject", "snub": "reject", "rebuf": "reject", "deni": "reject",
            "denial": "reject", "dismiss": "reject"}


def content_words(text: str) -> list[str]:
    return [s for s in map(content_stem, words(text)) if s is not None]


@functools.lru_cache(maxsize=1 << 16)  # called for every word of every claim; words recur
def content_stem(word: str) -> str | None:
    """What content_words keeps of one word of words(): its stem (one stem per act, see SAME_ACT), or None for a
    stopword, a number or a single character."""
    if word in STOPWORDS or word.isdigit() or len(word) <= 1:
        return None
    s = stem(word)
    return SAME_ACT.get(s, s)


_CURRENCY_SIGN = re.compile(r"(?:US\$|\$|\u20ac|\u00a3|\u00a5)\s?$")  # written just before the number
_CURRENCY = {"$": "dollar", "\u20ac": "euro", "\u00a3": "pound", "\u00a5": "yen", "usd": "dollar", "eur": "euro",
             "euros": "euro", "gbp": "pound"}
# Words that count people at large are one unit: "Two residents were killed" and "Three people were killed" give
# one toll two values, and "450,000 lives" counts people too. Groups with a role of their own (firefighters,
# soldiers, police) stay their own unit.
_PEOPLE = {stem(w): "people" for w in "people persons person residents civilians victims individuals villagers "
                                       "inhabitants citizens lives".split()}
_UNIT_WORDS = _CURRENCY | _PEOPLE


# A scale named before its value: "magnitude 6.4" is "6.4 magnitude"; "Category 4 hurricane" is category 4.
_UNIT_BEFORE = re.compile(r"\b(magnitude|category|level|grade|stage|phase)\s$", re.I)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")


_TALLY = re.compile(r"(?<![\w.,])(?<!from\s)(\d{1,4})(?:\s+(?:votes?\s+)?(?:to|against)\s+|\s*[-\u2013]\s*)(\d{1,4})"
                    r"(?![\w%]|[.,]\d)")
# A sentence about a vote ("voted 287 to 262"), or a court's split named as one ("ruling 5-2", "In a 5-2 decision";
# not a range in a sentence that mentions a decision, "the decision cuts 10-15 jobs").
_VOTE = re.compile(r"\bvot(?:e|es|ed|ing)\b|\b\d{1,2}\s*[-\u2013]\s*\d{1,2}\s+(?:ruling|decision|verdict|majority)\b"
                   r"|\b(?:rul(?:ed|ing)|decided)\s+\d{1,2}\s*[-\u2013]\s*\d{1,2}\b", re.I)


def tallies(norm: str) -> tuple[list[Number], str]:
    """The tallies of a vote in a sentence about one, and the sentence with them blanked (same offsets)."""
    if not _VOTE.search(norm):
        return [], norm
    found = [Number(value=int(m.group(1)) * 10_000 + int(m.group(2)), unit="tally", text=m.group(0))
             for m in _TALLY.finditer(norm)]  # the pair as one value: 287 to 262 is 2,870,262
    return found, _TALLY.sub(lambda m: " " * len(m.group(0)), norm)


# A value written as a bound: the words before it say on which side of it the amount lies ("over $10,000",
# "topped $60,000", "nearly 20 years", "up to $250,000") or that it is near it ("about 50 minutes").
_BOUND_RX = re.compile(
    r"\b(?:(?P<over>over|more than|at least|upwards of|in excess of|above|exceed(?:ed|ing|s)?|top(?:ped|ping|s)|"
    r"no (?:fewer|less) than)|(?P<under>under|less than|fewer than|up to|nearly|almost|below|just under|"
    r"no more than|at most)|(?P<about>about|around|roughly|approximately|some|close to|an estimated))\s+$", re.I)
def bound_before(before: str) -> str:
    """"over", "under" or "about" when the text just before a value (its currency sign left out) makes it a
    bound (see _BOUND_RX); "" when it states the value exactly."""
    if not before or not before[-1].isspace():
        return ""
    m = _BOUND_RX.search(before[-24:])
    return next((side for side in ("over", "under", "about") if m.group(side)), "") if m else ""


def admitted(value: float, bound: str) -> tuple[float, float]:
    """The values a number admits, inclusive. A bound admits every value on its side ("over $10,000": $10,977.74
    and $50,000; "nearly 20": 18 and 20, not 21), the bound itself as well (a bound is a rounded figure: "over
    450,000" and "450,000" are one toll); "about" admits the values that round to it (agreeing: "about 301,000"
    is not 310,000, "about $7 billion" is not $7.5 billion). An exact value admits itself only."""
    if bound == "over":
        return value, math.inf
    if bound == "under":
        return -math.inf, value
    return agreeing(value, bound)


def rounding_place(value: float) -> float:
    """The place of a value's last nonzero digit: 10,000 for 10,000, 10,000 for 450,000, 100 for 300, 0.01 for
    10,977.74; the step a writer rounded the figure to."""
    if value <= 0:
        return 0.0
    for exponent in range(int(math.floor(math.log10(value))), -7, -1):
        place = 10.0 ** exponent
        if abs(value / place - round(value / place)) < 1e-6:
            return place
    return 0.0


def agreeing(value: float, bound: str) -> tuple[float, float]:
    """The values a number agrees with, sharing its slot: a bound is its value rounded at its last nonzero digit
    (rounding_place), toward its side, so it agrees with the values it admits within one such step: "over $10,000"
    with $10,977.74 (not with $25,000), "over $300" with $313.89 (not with $466.30), "nearly 20" with 18, "about
    50" with 45 to 54.9. An exact value agrees with itself only."""
    place = rounding_place(value) if bound else 0.0
    if bound == "over":  # the ends a step away round to the next figure: 20,000 is no "over $10,000"
        return value, math.nextafter(value + place, -math.inf)
    if bound == "under":
        return math.nextafter(value - place, math.inf), value
    if bound == "about":  # rounded to the nearest: 6.5 to 7.5 (not 7.5) billion is "about $7 billion"
        return value - place / 2, math.nextafter(value + place / 2, -math.inf)
    return value, value


def numbers(text: str) -> list[Number]:
    """Numbers with their unit word ('450,000 people', '10,000 National', '16'), skipping years, dates and times
    of day. A currency sign is a unit too: '$7 billion' and '7 billion dollars' are one amount, '$7.5 billion'
    another; so is a scale named before the value ('magnitude 6.4'). A vote's tally ('voted 287 to 262', 'by 289
    votes to 262') is one value of its own unit: two tallies clash unless they are the same pair."""
    norm = normalize(text)
    found, masked = tallies(norm)
    for m in _NUMBER_RX.finditer(_CLOCK.sub(lambda t: " " * len(t.group(0)), masked)):  # same offsets
        raw, pct, scale, unit = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        value = float(raw.replace(",", ""))
        if scale:
            value *= _SCALE[scale]
        if 1900 <= value <= 2100 and "," not in raw and not pct:
            continue  # a year
        before = norm[max(0, m.start() - 12): m.start()]
        if any(mo in before.lower() for mo in MONTHS):
            continue  # a day of a month: handled by dates()
        if unit.lower() in STOPWORDS and not unit.isupper():  # "US" in "500 US troops" is no stopword
            unit = ""  # 'billion in revenue': no unit word, and "in" is not part of the amount as written
        end = m.end(4) if unit and not pct else max(m.end(i) for i in (1, 2, 3) if m.group(i))
        sign, scale_before = _CURRENCY_SIGN.search(before), _UNIT_BEFORE.search(before)
        if sign:
            unit, start = _CURRENCY[sign.group(0).strip()[-1]], m.start() - len(sign.group(0))
        elif scale_before:
            unit, start = stem(scale_before.group(1).lower()), m.start() - len(scale_before.group(0))
            end = max(m.end(i) for i in (1, 2, 3) if m.group(i))
        elif pct:
            unit, start = "%", m.start()
        else:
            if unit and (noun := counted_noun(unit, norm, end)):
                unit, end = noun
            word = stem(unit.lower()) if unit else ""
            unit, start = _UNIT_WORDS.get(word, word), m.start()
        bound = bound_before(norm[max(0, start - 24):start])
        found.append(Number(value=value, unit=unit, text=norm[start:end].strip(), bound=bound))
    return found + spelled_counts(norm)


_NEXT_WORD = re.compile(r"\s([A-Za-z][A-Za-z-]+)")
_IRREGULAR_PLURALS = frozenset("people children men women police personnel staff".split())


MAX_MODIFIERS = 3  # words after a number that may hold its noun: '2,000 National Guard troops' (the third)


def counted_noun(word: str, norm: str, end: int) -> tuple[str, int] | None:
    """The counted noun when the word after a number is a modifier of it: '10,000 affordable homes', '300 Mexican
    troops', '2,000 National Guard troops' count homes and troops (a modifier does not end as a plural does, the
    noun after it does: the first plural within MAX_MODIFIERS words, past no stopword); else None."""
    if (word.lower().endswith("s") and not word.isupper()) or word.lower() in _IRREGULAR_PLURALS:
        return None  # a plural is the noun itself; an abbreviation ('500 US troops') is a modifier
    for _ in range(MAX_MODIFIERS):
        m = _NEXT_WORD.match(norm, end)
        if not m:
            return None
        noun = m.group(1)
        low = noun.lower()
        if (low.endswith("s") and len(low) > 3 and low not in STOPWORDS) or low in _IRREGULAR_PLURALS:
            return noun, m.end(1)
        if low in STOPWORDS:
            return None
        end = m.end(1)
    return None


def spelled_counts(norm: str) -> list[Number]:
    """Counts written in words before the thing counted ('Two people', 'twenty-five homes'): the unit is that word,
    so 'Two people have died' and 'Three people were killed' clash as '2 people' and '3 people' do."""
    found = []
    for m in _SPELLED_RX.finditer(norm):
        unit = m.group(2).lower()
        if unit in STOPWORDS or unit in _SPELLED:
            continue
        value = sum(_SPELLED[part] for part in m.group(1).lower().split("-"))
        found.append(Number(value=float(value), unit=_UNIT_WORDS.get(stem(unit), stem(unit)), text=m.group(0),
                            bound=bound_before(norm[max(0, m.start() - 24):m.start()])))
    return found


def dates(text: str) -> list[str]:
    return [m.group(0).lower() for m in _DATE_RX.finditer(normalize(text))]


def quotes(text: str) -> list[str]:
    """Quoted speech of at least three characters, straight-quoted and trimmed."""
    norm = normalize(text)
    found = [q.strip(" ,.") for m in _QUOTE_RX.finditer(norm) for q in m.groups() if q and len(q.strip()) >= 3]
    if norm.count('"') % 2 == 1:  # a quotation that runs on into the next sentence
        tail = norm[norm.rindex('"') + 1:] if not norm.rstrip().endswith('"') else norm[:norm.rindex('"')]
        if len(tail.split()) >= 3:
            found.append(tail.strip(" ,."))
    return found


def capitalized_names(text: str) -> list[str]:
    """Capitalized words that are not sentence-initial function words: candidate names."""
    return [w for w in _CAPWORD_RX.findall(normalize(text)) if w.lower() not in STOPWORDS]


def name_variants(texts: list[str]) -> dict[str, str]:
    """Map spelling variants of a name to its most frequent spelling across one set of articles.

    'Shenbaum', 'Sinbaum', 'Shanebaum' -> 'Sheinbaum' when 'Sheinbaum' is more frequent, the variant shares its
    first letter and last three letters, and the two are at least 70% similar. Names shorter than six letters
    are never remapped (too many real names collide).
    """
    counts = Counter(w for t in texts for w in capitalized_names(t) if len(w) >= 6)
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    mapping: dict[str, str] = {}
    for i, variant in enumerate(ranked):
        for canonical in ranked[:i]:
            if canonical in mapping or counts[canonical] <= counts[variant]:
                continue
            if variant[0] == canonical[0] and variant[-3:] == canonical[-3:] and \
                    SequenceMatcher(None, variant, canonical).ratio() >= 0.7:
                mapping[variant] = canonical
                break
    return mapping


def canonicalize(text: str, mapping: dict[str, str]) -> str:
    norm = normalize(text)
    if not mapping:
        return norm
    rx = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b")
    return rx.sub(lambda m: mapping[m.group(1)], norm)


def entities(text: str) -> list[str]:
    """Canonical multi-word and single-word proper names in order of first appearance, deduplicated."""
    seen: dict[str, None] = {}
    for m in re.finditer(r"\b(?:[A-Z][a-z]+|[A-Z]{2,}|U\.S\.)(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,}))*", normalize(text)):
        name = m.group(0)
        if name.lower() in STOPWORDS:
            continue
        seen.setdefault(name, None)
    return list(seen)


# Each is the start of a word ("humiliat" for humiliated, humiliating). Beyond the seeds' own: the words news style
# guides tell reporters to avoid in their own voice (verbs of attack for "criticized", labels, intensifiers,
# characterizations of a person, a plan or an outcome). The seeds' own ("bold", "snub", "firmly", "defiance", ...) are
# instances of those classes (without them "In a bold display of defiance" stands alone as a lead); strzok's
# "blasted", "scathing", "disgraced", "so-called" are found the same way (tests/test_rules.py).
LOADED_WORDS = ("bold", "snub", "snubs", "defiance", "defiant", "tragically", "slams", "slammed", "slamming",
                "blasts", "blasted", "lashed out", "lashes out", "lambast", "outrage", "shameful", "brazen",
                "stunning", "shocking", "staggering", "scathing", "fiery", "furious", "fumed", "fuming", "ranted",
                "meltdown", "abundantly", "firmly", "reluctance", "ravages", "humiliat", "caves", "caved",
                "backpedal", "flip-flop", "doubled down", "radical", "extremist", "unhinged", "reckless",
                "draconian", "so-called", "embattled", "disgraced", "bombshell", "debacle", "fiasco", "farcical",
                "disastrous", "horrific", "horrifying", "appalling", "chilling", "alarming", "ominous", "egregious",
                "blatant", "despicable", "vile", "cowardly", "heroic", "sadly", "unfortunately", "regrettably")


_LOADED_RX = [(w, re.compile(r"\b" + re.escape(w))) for w in LOADED_WORDS]
_LOADED_STARTS: dict[str, tuple[str, ...]] = {}  # first three letters -> the loaded words' first words that start so
for _first in sorted({w.split()[0] for w in LOADED_WORDS}):
    _LOADED_STARTS[_first[:3]] = _LOADED_STARTS.get(_first[:3], ()) + (_first,)


def may_be_loaded(tokens) -> bool:
    """Whether one of the lower-case tokens (or a part of a hyphenated one: "non-radical") starts as a loaded word
    does: a cheap test before loaded_terms, which runs a pattern per loaded word."""
    for token in tokens:
        parts = token.split("-") if "-" in token else None  # each part starts a word for \b: "anti-so-called"
        for word in ("-".join(parts[i:]) for i in range(len(parts))) if parts else (token,):
            starts = _LOADED_STARTS.get(word[:3])
            if starts is not None and word.startswith(starts):
                return True
    return False


def loaded_terms(text: str) -> list[str]:
    """Intensifiers and characterizations a neutral brief must not say in its own voice."""
    low = text.lower()
    return [w for w, rx in _LOADED_RX if rx.search(low)]


def word_number(token: str) -> int | None:
    return _WORD_NUMBERS.get(token.lower())


# The writer's reading of events, not an event: an evaluative verb in the present tense ("Sheinbaum's refusal
# signals her firm stance", "The discussion also highlights ..."), a clause that opens with one ("...signaling
# ongoing tensions"), or a forecast ("the chances of a policy shift appear slim"). News reports past acts in the
# past tense ("The report highlighted ..."), and what a source says in the present ("The report highlights ...")
# is attributed, so both stay facts.
_ANALYSIS_RX = re.compile(
    r"^\W*(?:signal(?:l)?ing|highlighting|underscoring|reflecting|illustrating)\b"
    r"|\b(?P<subject>\w+)\s+(?:also\s+)?(?:signals|highlights|underscores|illustrates|exemplifies)\b"
    r"|\bappears?\s+(?:slim|unlikely|bleak|remote|dim)\b|\bremains to be seen\b", re.I)
_ANALYSIS_KEYS = ("signal", "highlight", "underscor", "reflect", "illustrat", "exemplif", "appear", "remains to be")
SOURCES = frozenset("report reports study survey data poll polls statement document letter filing analysis "
                    "figures records".split())


def analysis(text: str) -> bool:
    """Whether the clause is the writer's reading of events (see _ANALYSIS_RX). A named subject acts ("Fed signals
    a rate cut" is news in a headline's present tense), and so does a source; an abstract one ("the refusal",
    "the move") is read."""
    low = text.lower()
    if not any(k in low for k in _ANALYSIS_KEYS):
        return False  # most clauses: none of the pattern's words, no search
    for m in _ANALYSIS_RX.finditer(text):
        subject = m.group("subject") or ""
        if not subject or (subject.islower() and subject not in SOURCES):
            return True
    return False


# Marks of a judgement in the writer's words: a modal of obligation or likelihood, an evaluative adverb or
# adjective, the writer's first person (case matters: "US" is a country), a question.
_JUDGEMENT_WORDS = frozenset("""should must ought likely unlikely probably perhaps arguably clearly obviously surely
    undoubtedly fortunately unfortunately sadly rightly wrongly good bad wrong better worse best worst important crucial
    vital essential necessary dangerous reckless foolish wise unacceptable troubling worrying alarming welcome overdue
    historic remarkable absurd ridiculous misguided naive cynical hypocritical failure mistake success disaster
    disastrous catastrophe catastrophic fiasco debacle blunder travesty shame outrageous scandalous deserve deserves
    deserved so-called disgrace disgraceful""".split())
_JUDGEMENT_PHRASES = ("need to", "needs to", "fail to", "fails to", "failed to", "once again", "yet again",
                      "yet another", "of course", "needless to say")
_FIRST_PERSON = frozenset("we We our Our us I".split())
_FIRST_PERSON_LOW = frozenset("we our us i".split())
# A clause that reports what somebody said or thinks: its "should" or "likely" is theirs, not the writer's.
_REPORTED_WORDS = frozenset("""said says say told tells stated claim claims claimed argued argues warned warns believe
    believes believed cautioned cautions insisted insists stressed stresses emphasized emphasised added noted predicted
    expect expects expected forecast forecasts saying stating noting adding asserts asserted asserting affirms affirmed
    affirming reaffirms reaffirmed reaffirming urges urged urging emphasizes emphasizing emphasises emphasising
    stressing
    """.split())
_REPORTED_PHRASES = ("pointed out", "according to")
_TOKEN_RX = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Letters with full stops ("F.B.I.", "C.I.A.", "U.S."): an abbreviation's "I" is no first person.
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")


@functools.lru_cache(maxsize=1 << 16)  # the column share and the medoid ask about the same statements
def judgement(text: str) -> bool:
    """Whether a clause, outside its quotations, bears a mark of the writer's judgement (_JUDGEMENT_WORDS and
    _PHRASES, the first person, a question; not in a clause that reports somebody's words), a loaded term or the
    writer's reading of events (analysis)."""
    own = text if text.isascii() and "  " not in text else normalize(text)  # statements come normalized
    own = re.sub(r"\"[^\"]*\"", " ", own) if '"' in own else own
    low = own.lower()
    lowered = set(_TOKEN_RX.findall(low))
    first_person = (not lowered.isdisjoint(_FIRST_PERSON_LOW)
                    and not _FIRST_PERSON.isdisjoint(_TOKEN_RX.findall(_ABBREVIATION.sub(" ", own))))
    marked = (not lowered.isdisjoint(_JUDGEMENT_WORDS) or first_person or "?" in own
              or any(p in low for p in _JUDGEMENT_PHRASES))
    if marked and lowered.isdisjoint(_REPORTED_WORDS) and not any(p in low for p in _REPORTED_PHRASES):
        return True
    if may_be_loaded(lowered) and loaded_terms(own):
        return True
    return analysis(own)


# A facet's statement is its clause with the facet after it: "On Saturday, Sheinbaum said ... [date: Saturday]",
# "At a recent public event [occasion: event]".
_FACETED = re.compile(r"^(?P<host>.*?)\s*\[(?P<kind>date|occasion): (?P<value>[^\]]+)\]$", re.S)


def with_facet(clause: str, facet: str) -> str:
    kind, value = facet.split(":")[:2]
    return f"{clause} [{kind}: {value.title() if kind == 'date' else value}]"


def faceted(statement: str) -> tuple[str, str, str] | None:
    """(kind, value, clause) of a facet's statement ("date", "Saturday", ...); None for any other statement."""
    m = _FACETED.match(statement)
    return (m.group("kind"), m.group("value"), m.group("host")) if m else None


def dated(statement: str) -> tuple[str, str] | None:
    """(day, clause) of a date facet's statement; None for any other statement."""
    found = faceted(statement)
    return (found[1], found[2]) if found and found[0] == "date" else None


def facet_clause(statement: str) -> str:
    """The clause a facet's statement names (the statement itself when it is no facet's)."""
    found = faceted(statement)
    return found[2] if found else statement
