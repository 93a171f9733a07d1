"""Deterministic decomposition of a sentence into atomic candidate claims: clauses, plus date and occasion facets.

A small model copies sentences instead of decomposing them, so decomposition is done here by rules and the
model only types the sentences. Every piece is made of its sentence's words, in their order (a slice, or a slice with
the words that report it: "Sheinbaum stressed that cooperation must ..."): nothing is invented.
"""

from __future__ import annotations

import re

from . import canon, sentences
from .models import Clause

# "... and told Trump ...", "and accused Mr. Strzok", "and had read the documents": a second predicate of the subject
# before it, opened by an auxiliary, a verb of saying or a verb of an act. The acts are the seeds' own (rejected,
# declined, offered, proposed, coordinated): without them sheinbaum's exact11 drops 17 -> 15; a general "and
# <verb>ed" cut participles of noun phrases too ("monitored and licensed by") and lowered marijuana's purity.
_COORDINATED = (r"(?:and|but)\s+(?:has|had|have|was|were|is|are|will|would|said|says|told|urged|suggested|"
                r"rejected|declined|offered|proposed|accused|coordinated)\b")
# "two weeks" (after ...), "days" (after ...), "the day" (after ...)
_INTERVAL_WORDS = (r"(?:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|(?:a\s+)?few|many)\s+"
                   r"(?:minutes?|hours?|days?|weeks?|months?|years?)|minutes|hours|days|weeks|months|years|"
                   r"the\s+(?:(?:very|same|next|previous)\s+)?(?:day|week|month|year|morning|evening|night))")
# Where a sentence turns to another fact: semicolons, subordinate clauses, contrasts, and a participle of a verb of
# saying or showing after a comma (", saying ...", ", claiming that ...", ", urging ..."): a statement of its own.
# "including" opens a list. (Any "-ing" after a comma also cut "legalizing ...", "making it worth ..." from their
# clauses and lowered marijuana's exact11.) "in response"/"in exchange" set a reply apart (the seeds' only; without
# it sheinbaum's recall11 drops 21 -> 20). A connective set off by commas on both sides ("his allies for months,
# though, have hammered ...") is an aside, not the start of a clause.
_SPLIT = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|although|though|but|as|after|before|when|because|despite)\b(?!,)|(?:"
    r"saying|emphasizing|stating|suggesting|signaling|signalling|reaffirming|pointing|urging|asserting|affirming|"
    r"claiming|detailing|stressing|including|highlighting|insisting|adding|noting|"
    r"in response|in exchange)\b)"
    r"|\s+(?=" + _COORDINATED + ")"
    # "went on strike on Tuesday, a day after talks broke down": the interval and what it follows are a fact
    r"|,\s+(?=" + _INTERVAL_WORDS + r"\s+(?:after|before|following)\b)"
    # "tension rose during the call as Trump pushed to ...": what happened meanwhile is a fact of its own
    r"|\s+(?=as\s+(?:[A-Z][a-z]+|he|she|they)\s+[\"\u201c]?[a-z]+ed\b)"
    # "escalated following the U.S. decision to ...": the event it follows is a fact of its own
    r"|(?<=[a-z])\s+(?=(?:following|amid|after)\s+(?:the|a|an|his|her|their|its)\s)"
    # "... the day after the Wall Street Journal reported that Trump is putting pressure ...": who reported it
    # and what was reported are two pieces (the report's content is shown as leaning on it: "…that Trump ...")
    r"|(?:(?<=\breported)|(?<=\brevealed)|(?<=\bclaimed)|(?<=\balleged))\s+(?=that\s)",
)
# Inside a quotation, only a list of parallel clauses is cut: "our territory is inviolable, our sovereignty is
# not for sale" states two things.
_PARALLEL = re.compile(r",\s+(?=(?:(?:our|the|their|my|your|his|her|its)\s+)?[a-z]+\s+(?:is|are)\s+(?!\w+ing\b))")
# A leading adverbial ("Speaking at a public event on Saturday, ...", "In court papers filed against Jackson on
# Friday, ...") is a fact of its own: a preposition of place, time or concession, a participle of speech or
# citation, or a subordinating conjunction opens it.
# ("At least 14 people were killed ..., the agency said" opens with a quantity, not an adverbial)
_LEAD = re.compile(r"^((?:Speaking|Citing|During|Since|At(?! least\b| most\b)|In(?! all\b| total\b)|On|Despite|While|"
                   r"After|Before|Earlier|Following)\b[^,\"]{8,90}|(?:Although|Though|Because|Whereas)\b[^,\"]{8,160}),"
                   r"\s+(?=[A-Za-z\"])")
_CONNECTOR = re.compile(r"^(?:and|but|however|moreover|meanwhile|instead|conversely|in summary|in addition|also|"
                        r"while|whereas|although|though|as|so)\b[\s,]*", re.I)
_DAY = re.compile(r"\b(?:(?:this|on|last|next)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                  r"|\b((?:January|February|March|April|May|June|July|August|September|October|November|December)"
                  r"\s+\d{1,2})\b")
MIN_WORDS = 4


def clauses(sentence: str) -> list[str]:
    """Clauses of at least MIN_WORDS words; short fragments stay with their neighbour. Quotes are never cut."""
    protected = _protect_quotes(sentence)
    parts: list[tuple[int, int, str | None]] = []  # (start, end, text): text None for the plain slice
    start = 0
    lead = _LEAD.match(protected[start:])
    if lead and states_something(lead.group(1)):
        parts.append((start, start + lead.end(1), None))
        start += lead.end()
    cuts = [_with_interval(protected, m) + (False,) for m in _SPLIT.finditer(protected, start)]
    cuts += [(m.start(), m.end(), True) for m in _PARALLEL.finditer(sentence, start) if protected[m.start()] == "\x00"]
    inside_before = False  # the previous cut was inside a quotation
    for cut, cut_end, inside in sorted(cuts) + [(len(sentence), len(sentence), False)]:
        if cut < start:
            continue
        part = sentence[start:cut]
        text = _quoted_part(part, inside_before, inside) if inside or inside_before else None
        parts.append((start, cut, text))
        start, inside_before = cut_end, inside
    return _join_short(sentence, parts) or [tidy(sentence)]


_INTERVAL = re.compile(r",?\s+" + _INTERVAL_WORDS + "$", re.I)


def _with_interval(protected: str, cut: re.Match) -> tuple[int, int]:
    """A cut as (end of the part before it, start of the part after it); the interval of "resigned on Monday, two
    weeks after the review" goes with what follows it."""
    if not protected[cut.end():].lower().startswith(("after", "following")):
        return cut.start(), cut.end()
    interval = _INTERVAL.search(protected[:cut.start()])
    if not interval:
        return cut.start(), cut.end()
    words = interval.group(0).lstrip(", \t")
    return interval.start(), cut.start() - len(words)


def _join_short(sentence: str, parts: list[tuple[int, int, str | None]]) -> list[str]:
    """The parts as statements, a part of fewer than MIN_WORDS words joined to its neighbour. Two plain slices
    join as the sentence words them ("Sheinbaum stressed that, although ..."), not as two tidied statements."""
    merged: list[tuple[int, int, str | None]] = []
    for start, end, text in parts:
        said = tidy(sentence[start:end] if text is None else text)
        if not said:
            continue
        if merged and (len(said.split()) < MIN_WORDS or len(_said(sentence, merged[-1]).split()) < MIN_WORDS
                       or closes_parenthesis(said, sentence, start, end)):
            m_start, _, m_text = merged[-1]
            plain = m_text is None and text is None
            merged[-1] = (m_start, end, None if plain else f"{_said(sentence, merged[-1])}, {said}")
        else:
            merged.append((start, end, text))
    return [_said(sentence, part) for part in merged]


# A relative or participial part that closes on a predicate is a parenthesis inside the clause before it: "Her
# critics say her housing plan, which promises 12,000 homes, is unaffordable", "His comments earlier this month,
# stating that ..., sparked outrage". Cut there, the clause before would lose its predicate.
_PREDICATE_AFTER = re.compile(r",[\"'\u201d\u2019]?\s+(?:\w+ed|is|are|was|were|has|have|had|will|would)\b")


def closes_parenthesis(said: str, sentence: str, start: int, end: int) -> bool:
    return said.startswith(FRAGMENT) and _PREDICATE_AFTER.search(sentence, start, end) is not None


def _said(sentence: str, part: tuple[int, int, str | None]) -> str:
    start, end, text = part
    return tidy(sentence[start:end] if text is None else text)


# The nouns of the fixed phrases that link a sentence to the one before it ("At the same time", "In addition", "On
# the U.S. side", "In light of", "on the other hand"): they set no scene, so a lead made of them and fewer than two
# other content words states nothing of its own and stays with its clause. So does a lead in the writer's loaded
# words ("In a bold display of defiance"): no other outlet states the framing alone.
_GENERIC = frozenset(canon.content_words("time times side sides hand meantime moment way ways part light view "
                                         "addition contrast turn case terms"))


def states_something(lead: str) -> bool:
    content = [w for w in canon.content_words(lead) if w not in _GENERIC]
    return len(content) >= 2 and not canon.loaded_terms(lead)


# A leading adverbial cut from its sentence ("In response to a Wall Street Journal report published on Friday"):
# it sets the scene but has no main clause.
SCENE_ONLY = re.compile(r"^(?:Speaking|Citing|Responding|During|Since|At|In|On|Despite|While|After|Before|Earlier|"
                        r"Following|Amid)\b[^,]*$")
# Who reported something, cut from what was reported (see _SPLIT): "... the day after the Wall Street Journal
# reported". A fact of its own, but no statement to speak for a group: it ends before saying what was reported.
REPORTER_ONLY = re.compile(r"\b(?:reported|revealed|claimed|alleged)\W*$")


_QUOTE_MARK = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")


def _quoted_part(part: str, opens_inside: bool, closes_inside: bool) -> str:
    """One of a quotation's parallel clauses, as the quotation it is: '"our sovereignty is not for sale"'."""
    marks = [m.start() for m in _QUOTE_MARK.finditer(part)]
    if opens_inside and marks:
        part = part[:marks[0]]  # up to the closing quotation mark: the attribution after it is not quoted
    elif closes_inside and marks:
        part = part[marks[-1] + 1:]  # from the last opening quotation mark
    core = part.strip(" ,;'\"")
    if closes_inside and not opens_inside and len(core.split()) < MIN_WORDS:
        return ""  # the lead-in of the quotation ("No, President Trump"), not a statement
    return f'"{core}"' if core else ""


def _protect_quotes(text: str) -> str:
    """Same length as text, with separators inside quotation marks masked so no split falls there."""
    out, inside = [], False
    for ch in text:
        if ch == '"':
            inside = not inside
        out.append("\x00" if inside and ch in ",;" else ch)
    return "".join(out)


_DEPENDENT = re.compile(r"^(?:" + _INTERVAL_WORDS + r"\s+(?=after|following))?"
                        r"(?:which|who|where|following|amid|after|saying|emphasizing|stating|suggesting|signaling|"
                        r"signalling|reaffirming|"
                        r"pointing|urging|asserting|affirming|claiming|detailing|stressing|including|"
                        r"highlighting|insisting|adding|noting|accusing)\b", re.I)


_COORDINATE = re.compile("^" + _COORDINATED, re.I)
FRAGMENT = "\u2026"  # marks a clause that leans on the one before it


def tidy(clause: str) -> str:
    """A clause as a statement: connectors dropped; a dependent clause shown as the fragment it is."""
    c = clause.strip(" ,;")
    subjectless = bool(_COORDINATE.match(c))  # "... and told Trump ...": the subject is in the clause before
    c = _CONNECTOR.sub("", c).strip(" ,;")
    if subjectless or _DEPENDENT.match(c) or c.startswith("that "):  # the content of a report (see _SPLIT)
        return FRAGMENT + c[:1].lower() + c[1:]
    return c[:1].upper() + c[1:] if c else ""


def date_facets(sentence: str) -> list[str]:
    """Reporting days and calendar days a sentence names ('saturday', 'april 16')."""
    found = []
    for m in _DAY.finditer(sentence):
        day = (m.group(1) or m.group(2)).lower()
        if day not in found:
            found.append(day)
    return found


WEEKDAYS = frozenset(canon.WEEKDAYS)
SPEECH_VERBS = frozenset("said says say told tell confirmed confirms speaking spoke stated states announced announces "
                         "insisted added noted disclosed revealed recounted declared explained".split())
_VERBISH = re.compile(r"^[a-z]+(?:ed|ing)$|^(?:" + "|".join(sorted(SPEECH_VERBS)) + r")$")


def date_verb(sentence: str, day: str) -> str:
    """What happened on the date: 'said' for any speech verb near it, else the nearest verb-like word.

    'Sheinbaum said on Saturday' and 'confirmed this Saturday' are one fact (the day she spoke); 'a report
    published on Friday' and 'issued an order on Friday' are two.
    """
    tokens = re.findall(r"[A-Za-z]+|\d+", sentence.lower())
    first = day.split()[0]
    if first not in tokens:
        return ""
    at = tokens.index(first)
    near = sorted(range(max(0, at - 6), min(len(tokens), at + 5)), key=lambda i: (abs(i - at), i))
    for i in near:
        if tokens[i] in SPEECH_VERBS:
            return "said"
    for i in near:
        if i != at and _VERBISH.match(tokens[i]) and tokens[i] not in canon.STOPWORDS:
            return canon.stem(tokens[i])
    return ""


# Where somebody spoke or something was announced: "At a recent public event", "during a government event", "at a
# news conference in Redding". Outlets that name the occasion state one fact, as those that name the day do. (Not
# an interview: each outlet's is its own, "in an interview with The Blaze" is not another's "told CNN in an
# interview".)
_OCCASION = re.compile(r"\b(?:at|during|in)\s+(?:an?|the|his|her|their|its|this|that)\s+(?:[a-z-]+\s+){0,2}?"
                       r"(event|(?:news|press)\s+conference|conference|briefing|rally|speech|ceremony|summit|"
                       r"hearing)\b",
                       re.I)
_OCCASION_NAMES = {"press conference": "news conference", "conference": "news conference"}


def occasions(sentence: str) -> list[tuple[str, str]]:
    """(occasion, the words that name it) for each occasion a sentence names ('news conference', 'at a news
    conference'); a press conference is a news conference."""
    found: dict[str, str] = {}
    for m in _OCCASION.finditer(sentence):
        noun = re.sub(r"\s+", " ", m.group(1).lower())
        found.setdefault(_OCCASION_NAMES.get(noun, noun), m.group(0))
    return list(found.items())


def pieces(sentence: str, doc=None) -> list[Clause]:
    """Candidate claims of a sentence: the clauses of its parse (sentences.clauses), each cut further where its own
    words turn to another fact, then its date and occasion facets. `doc`: the sentence's parse (parsed here when
    not given)."""
    doc = doc if doc is not None else sentences.parse([sentence])[0]
    parts = [Clause(text=text, role=c.role) for c in sentences.clauses(doc) for text in clauses(c.text)]
    out = list(parts)
    for day in date_facets(sentence):
        host = next((c for c in parts if day in c.text.lower()), None)
        verb = date_verb(sentence, day) if day in WEEKDAYS else ""  # a calendar date is specific enough alone
        out.append(Clause(text=host.text if host else sentence, role=host.role if host else "main",
                          facet=f"date:{day}:{verb}" if verb else f"date:{day}"))
    for occasion, words in occasions(sentence):
        host = next((c for c in parts if words.lower() in c.text.lower()), None)
        out.append(Clause(text=host.text if host else sentence, role=host.role if host else "main",
                          facet=f"occasion:{occasion}"))
    out += [Clause(text=item, role=c.role) for c in parts for item in list_items(c.text)]
    return out


# What opens a list of things ("items including A, B and C", "expenses included A, B, C", "things like A and B").
_LIST_OPENER = re.compile(r"\b(?:includ(?:e|es|ed|ing)|such\s+as|like)\s+")
_LIST_END = re.compile(r"\s+(?:--|\u2014|\u2013)\s+|;|:")  # an aside or a new clause closes the list
MIN_ITEMS = 3


def list_items(clause: str) -> list[str]:
    """A clause that lists three or more things ("used campaign funds to purchase items including Bruce Lee
    memorabilia, a $43,000 Rolex watch and a mink cashmere cape") reports one fact per thing: each item with the
    words that open the list ("... items including a $43,000 Rolex watch."), so that each can meet the outlet that
    reports that thing alone. Two things joined by "and" are often one ("states like Oklahoma and Nebraska"), so a
    list has at least MIN_ITEMS. The list runs to the clause's end or to an aside; a quotation is never cut. Every
    item is a thing, not a clause: one with a verb of its own ("a district that includes part of the South Side,
    Mr. Jackson was ...") means the opener was not a list's."""
    for opener in _LIST_OPENER.finditer(clause):
        head, rest = clause[:opener.end()], clause[opener.end():]
        end = _LIST_END.search(rest)
        region = (rest[:end.start()] if end else rest).rstrip(" .")
        if '"' in region or "\u201c" in region:
            continue
        items = list_of(region)
        if len(items) >= MIN_ITEMS and not any(map(has_own_verb, sentences.parse(items))):
            stop = "." if clause.rstrip().endswith(".") else ""
            return [item if item.endswith(".") else f"{head}{item}{stop}" for item in items]
    return []


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def has_own_verb(doc) -> bool:
    """Whether a phrase is a clause rather than a thing: a finite verb, or a gerund that opens it ("working on
    issues"). A participle that describes the thing ("a football signed by U.S. presidents") is no verb of its own."""
    return any(t.tag_ in _FINITE for t in doc) or (len(doc) > 0 and doc[0].tag_ == "VBG")


def list_of(region: str) -> list[str]:
    """The items of "A, B and C" or "A, B, and C". The item after the comma and conjunction is the last one: what
    follows belongs to it ("a fedora, and memorabilia of King, Malcolm X and Bruce Lee" has three items)."""
    parts = [x.strip() for x in re.split(r",\s+", region) if x.strip()]
    last = next((k for k, x in enumerate(parts) if k and re.match(r"(?:and|or)\s", x)), None)
    if last is not None:
        tail = re.sub(r"^(?:and|or)\s+", "", ", ".join(parts[last:]))
        return parts[:last] + [tail]
    final = re.split(r"\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)", parts[-1]) if parts else []
    return parts[:-1] + [x for x in final if x]


def analyse(texts: list[str]) -> list[list[Clause]]:
    """pieces() of each text, parsed in one batch, each with the modifiers its statement can leave out, the
    people its subject names, the actions of named things it tells, the verbs it denies and what it says of its
    subject."""
    found = [pieces(text, doc) for text, doc in zip(texts, sentences.parse(texts))]
    own = [c.text.removeprefix(FRAGMENT) for cs in found for c in cs if not c.facet]
    docs = dict(zip(own, sentences.parse(own)))
    return [[c if c.facet else c.model_copy(update={
        "optional": optional_of(c.text, docs),
        "people": sentences.subject_people(docs[c.text.removeprefix(FRAGMENT)]),
        "actions": sentences.named_actions(docs[c.text.removeprefix(FRAGMENT)]),
        "denied": sentences.denied_verbs(docs[c.text.removeprefix(FRAGMENT)]),
        "predicate": sentences.predicate_words(docs[c.text.removeprefix(FRAGMENT)])})
        for c in cs] for cs in found]


def optional_of(text: str, docs: dict) -> list[tuple[int, int]]:
    shift = len(FRAGMENT) if text.startswith(FRAGMENT) else 0
    return [(a + shift, b + shift) for a, b in sentences.optional_spans(docs[text[shift:]])]


def statement_words(piece: Clause) -> list[str]:
    return canon.content_words(piece.text)

