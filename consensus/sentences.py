"""Sentence analysis from a dependency parse: the clauses a sentence states, each a candidate claim.

A sentence often states several facts: "Federal prosecutors say Jackson, who resigned from Congress in November,
used campaign money ..." states that prosecutors say he used the money, and that he resigned. The parse (spaCy's
English pipeline, see nlp.py) says which words hang on which verb, so the facts are cut along the tree, not along
lists of words. Principles:
- A clause is a claim of its own only when it has its own subject: a relative clause set off by commas whose
  relative pronoun is its subject (the pronoun's antecedent becomes the subject: "Jackson resigned from Congress
  in November"), a coordinated clause with its own subject ("..., and the judge set the sentencing for June 28"),
  and an adverbial clause with its own subject set off by a comma ("Although both countries can collaborate, ...").
  A clause without a subject of its own ("..., saying that ...", "... and asks the court to ...") stays with the
  clause it leans on.
- What somebody said stays with who said it: a clausal complement is never cut from its verb of saying.
- Quoted speech is never cut.
- A piece keeps at least MIN_WORDS words; a shorter one stays in its clause.
- A clause with its own subject that is the content of a noun ("pleaded guilty to charges that he spent $750,000
  on personal items", "a charge that she filed false tax statements") states a fact of its own, which another
  outlet may state alone: it is a piece too, with the noun it is the content of ("…charges that he spent ..."),
  while its sentence's clause keeps it. Not one inside what somebody said (it stays with who said it).
Every piece is made of its sentence's words, in their order; only a relative clause's pronoun is replaced by the
words it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import nlp

MIN_WORDS = 4
QUOTE_TOKENS = frozenset('"\u201c\u201d')
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True)
class ParsedClause:
    """One clause of a sentence: its text and its role ("main", "relative", "coordinate", "adverbial")."""

    text: str
    role: str


def quoted_tokens(doc, inside: bool = False) -> list[bool]:
    """Whether each token lies inside double quotation marks (the marks themselves count as inside); `inside`: the
    text opens inside a quotation."""
    out = []
    for t in doc:
        if t.text in QUOTE_TOKENS:
            out.append(True)
            inside = not inside if t.text == '"' else t.text == "\u201c"
            continue
        out.append(inside)
    return out


def quoted_words(doc) -> list[bool]:
    """quoted_tokens, for a text that may open inside a quotation: a statement that continues a quotation ('You in
    your territory, we in ours," the Mexican leader insisted.') has one straight mark more than it opens, and its
    words up to that mark are quoted."""
    straight = sum(t.text == '"' for t in doc)
    return quoted_tokens(doc, inside=straight % 2 == 1 and len(doc) > 0 and doc[0].text != '"')


def within_quotation(t, quoted: list[bool]) -> bool:
    """Whether a token is a quoted word (not a quotation mark)."""
    return quoted[t.i] and t.text not in QUOTE_TOKENS


def closing_marks(last, quoted: list[bool]) -> list:
    """The tokens after a quoted word up to and including the quotation mark that closes it, when they are only
    punctuation ('... prospects." ' ends on its mark); [] when a word of the quotation follows."""
    if not within_quotation(last, quoted):
        return []
    out = []
    for t in last.doc[last.i + 1:]:
        out.append(t)
        if t.text in QUOTE_TOKENS:
            return out
        if not t.is_punct:
            return []
    return []


def has_subject(verb) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def set_off(verb) -> bool:
    """Whether a clause is set off by punctuation: a comma, semicolon or dash just before its first word, or just
    after its last one when it opens the sentence."""
    words = list(verb.subtree)
    first, last = words[0], words[-1]
    before = first.nbor(-1) if first.i > 0 else None
    after = last.nbor(1) if last.i + 1 < len(verb.doc) else None
    marks = {",", ";", "-", "\u2014", "\u2013", "--"}
    return (before is not None and before.text in marks) or (first.i == 0 and after is not None and after.text in marks)


def relative_subject(verb):
    """The relative pronoun that is the subject of a relative clause ("who resigned"), or None."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS
                 and c.i < verb.i), None)


def relative_adverb(verb) -> bool:
    """A relative clause of place or time with a subject of its own (", where the fire has destroyed 40 homes"):
    it states a fact, shown leaning on its antecedent ("…where ...")."""
    return has_subject(verb) and any(c.dep_ == "advmod" and c.lower_ in ("where", "when") and c.i < verb.i
                                     for c in verb.children)


def role_of(verb, quoted: list[bool]) -> str | None:
    """The role of a verb that heads a claim of its own, or None when its clause stays with its head."""
    if quoted[verb.i] or verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.dep_ == "relcl" and set_off(verb) and (relative_subject(verb) is not None or relative_adverb(verb)):
        return "relative"
    if verb.dep_ == "conj" and has_subject(verb) and verb.head.pos_ in ("VERB", "AUX"):
        return "coordinate"
    if verb.dep_ == "advcl" and has_subject(verb) and set_off(verb):
        return "adverbial"
    return None


def clauses(doc) -> list[ParsedClause]:
    """The clauses of one parsed sentence, the main one first, then the others in their order. A separate clause
    too short to stand (or one that would leave the main clause too short) stays where it was."""
    quoted = quoted_tokens(doc)
    heads = {t.i: role for t in doc if (role := role_of(t, quoted))}
    while True:
        pieces = pieces_for(doc, heads)
        short = [h for h, text in pieces if h is not None and len(text.split()) < MIN_WORDS]
        main = next((text for h, text in pieces if h is None), "")
        if short:
            heads = {h: r for h, r in heads.items() if h not in short}
        elif heads and len(main.split()) < MIN_WORDS:
            heads = {}
        else:
            found = [ParsedClause(text, heads[h] if h is not None else "main") for h, text in pieces]
            return found + [c for c in content_clauses(doc, quoted) if c not in found]


FRAGMENT = "\u2026"  # marks a piece that leans on the words before it (clauses.FRAGMENT)


def content_clauses(doc, quoted: list[bool]) -> list[ParsedClause]:
    """The content clause of each noun that has one ("charges that he spent $750,000 ..."): the noun with its words
    and its clause, leaning on the rest of the sentence ("…charges that he spent ..."). Not one that is quoted or
    lies in what a verb reports (a clausal complement: what somebody said stays with who said it)."""
    out = []
    for verb in doc:
        noun = verb.head
        if verb.dep_ != "acl" or noun.pos_ != "NOUN" or verb.pos_ not in ("VERB", "AUX") or quoted[verb.i] \
                or not has_subject(verb) or not any(c.dep_ == "mark" and c.lower_ == "that" and c.i < verb.i
                                                    for c in verb.children):
            continue
        if reported(noun) or any(quoted[t.i] for t in noun.subtree):
            continue
        words = list(noun.subtree)
        text = render(words)
        if words[0].pos_ != "PROPN":
            text = text[:1].lower() + text[1:]
        if len(text.split()) >= MIN_WORDS:
            out.append(ParsedClause(FRAGMENT + text, "content"))
    return out


def reported(token) -> bool:
    """Whether a token lies in what a verb reports (a clausal complement), at any depth, or hangs on a verb of
    saying or on a verb that reports something ("said in a statement that ...", "said ..., despite a
    recommendation that ...": where a phrase hangs in the parse is no sure sign that it is not what was said)."""
    t = token
    while t.head.i != t.i:
        if t.dep_ == "ccomp":
            return True
        t = t.head
        if t.pos_ in ("VERB", "AUX") and (t.lemma_.lower() in SAYING or any(c.dep_ == "ccomp" for c in t.children)):
            return True
    return False


def pieces_for(doc, heads: dict[int, str]) -> list[tuple[int | None, str]]:
    """(head, text) of the main clause (head None) and of each separate clause."""
    owner = [clause_owner(t, heads) for t in doc]
    out = []
    for head in [None] + sorted(heads):
        words = without_seams([t for t in doc if owner[t.i] == head])
        if head is not None:
            words = attribution(doc[head], owner) + head_words(doc[head], heads[head], words, owner)
        text = render(words)
        if text:
            out.append((head, text))
    return out


SEAMS = frozenset({",", ";", "-", "\u2014", "\u2013", "--"})


def without_seams(words: list) -> list:
    """A clause's words without what tied a cut-out clause to them: the commas around the gap it left ("Jackson,
    [who resigned ...], used" -> "Jackson used"), and a conjunction ("and", "but") just before it."""
    kept = sorted(words, key=lambda t: t.i)
    drop: set[int] = set()
    for k, t in enumerate(kept):
        last = k + 1 == len(kept)
        if last and (t.i + 1 == len(t.doc) or t.is_punct and t.text not in SEAMS):
            continue  # no gap after the clause's last word
        if not last and kept[k + 1].i == t.i + 1:
            continue
        j, seam = k, False
        while j >= 0 and (kept[j].text in SEAMS or kept[j].dep_ == "cc"):
            seam |= kept[j].text in SEAMS
            drop.add(kept[j].i)
            j -= 1
        if seam and not last and kept[k + 1].text in SEAMS:
            drop.add(kept[k + 1].i)
    return [t for t in kept if t.i not in drop]


def attribution(verb, owner: list) -> list:
    """The words that report a clause cut from reported speech ("Sheinbaum stressed that" of "Sheinbaum stressed
    that, although both countries can collaborate, ..."): what somebody said stays with who said it."""
    t = verb
    while t.head.i != t.i:
        if t.dep_ == "ccomp" and owner[t.head.i] != owner[verb.i]:
            said = t.head
            start = min(w.i for w in t.subtree)
            frame = [w for w in said.doc[:start] if owner[w.i] == owner[said.i] and w.i in subtree_ids(said)]
            marks = [c for c in t.children if c.dep_ == "mark" and c.i < verb.i]
            return without_seams(frame + marks)
        t = t.head
    return []


def subtree_ids(token) -> set[int]:
    return {w.i for w in token.subtree}


def clause_owner(token, heads: dict[int, str]) -> int | None:
    """The nearest head of a separate clause at or above a token, or None for the main clause."""
    t = token
    while True:
        if t.i in heads:
            return t.i
        if t.head.i == t.i:
            return None
        t = t.head


def head_words(verb, role: str, words: list, owner: list) -> list:
    """A separate clause's words as a statement: a relative clause with its antecedent in place of its pronoun; an
    adverbial or coordinated clause without the word that ties it to the other ("although", "and")."""
    if role == "relative":
        pronoun = relative_subject(verb)
        if pronoun is None:  # "where ...", "when ...": the clause as written, leaning on its antecedent
            return words
        antecedent = [t for t in verb.head.subtree if owner[t.i] == owner[verb.head.i] and t.i < verb.i
                      and t.dep_ not in ("punct", "appos") and not is_apposition_word(t, verb.head)]
        return antecedent + [t for t in words if t.i != pronoun.i]
    tie = "mark" if role == "adverbial" else "cc"
    return [t for t in words if not (t.head.i == verb.i and t.dep_ == tie and t.i < verb.i)]


def is_apposition_word(token, noun) -> bool:
    """Whether a token belongs to an apposition of the noun ("Strzok, the FBI agent, who ...")."""
    t = token
    while t.i != noun.i and t.head.i != t.i:
        if t.dep_ == "appos" and t.head.i == noun.i:
            return True
        t = t.head
    return False


def render(words: list) -> str:
    """Tokens as text, with the sentence's own spacing; stray punctuation at the edges and doubled commas left
    by a cut subtree dropped."""
    words = sorted(words, key=lambda t: t.i)
    while words and (words[0].is_punct and words[0].text not in QUOTE_TOKENS | {"'", "("}
                     or words[0].dep_ == "cc"):
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text in {",", ";", "-", "\u2014", "\u2013", "--", ":"}:
        words = words[:-1]
    out, prev = [], None
    for t in words:
        if prev is not None and t.text == "," and prev.text == ",":
            continue
        if out and prev is not None and prev.i + 1 != t.i:
            out[-1] = out[-1].rstrip() + ("" if t.is_punct and t.text in ".,;:!?" else " ")
        out.append(t.text_with_ws)
        prev = t
    text = "".join(out).strip()
    text = text.replace(" ,", ",").replace(",,", ",")
    return text[:1].upper() + text[1:] if text else ""


def parse(texts: list[str]) -> list:
    """The parse of each text; a text seen before (an article ingested again, a copy) is not parsed again."""
    missing = [t for t in dict.fromkeys(texts) if t not in _PARSES]
    for text, doc in zip(missing, nlp.parse(missing)):
        if len(_PARSES) >= PARSE_CACHE:
            _PARSES.pop(next(iter(_PARSES)))
        _PARSES[text] = doc
    return [_PARSES[t] for t in texts]


PARSE_CACHE = 20_000
_PARSES: dict[str, object] = {}


NAME_AFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "mr", "mrs", "ms", "dr"})


def subject_people(doc) -> list[str]:
    """The name words ("tom", "kirsch") of the people a clause names as who did or said it: the subject of its main
    verb and the subject of what that verb reports ("Tom Kirsch said she has signed ...", "prosecutors recommended
    that Mr. Jackson receive ..."), when that subject is a person's name or has one set beside it ("Colorado's
    attorney general, John Suthers"). Not a name that only qualifies the subject ("Mr. Strzok's lawyer", "the
    Clinton investigation"), not a title, suffix or initial. Two claims whose subjects name different people report
    what different people did or said (see merge.people_differ)."""
    if not len(doc):
        return []
    root = doc[:].root
    verbs = [root] + [c for c in root.children if c.dep_ == "ccomp"]
    nouns = [c for v in verbs for c in v.children if c.dep_ == "nsubj"]
    nouns += [a for n in nouns for a in n.children if a.dep_ == "appos"]
    words: set[str] = set()
    for noun in nouns:
        if noun.ent_type_ == "PERSON" and noun.pos_ == "PROPN":
            entity = next((e for e in doc.ents if e.start <= noun.i < e.end), None)
            span = doc[entity.start:entity.end] if entity is not None else [noun]
            words |= {w.lower_.replace(".", "") for w in span if w.pos_ == "PROPN"}
    return sorted(w for w in words - NAME_AFFIXES if len(w) > 1)


# Verbs that say nothing of what happened: verbs of saying (what they report is the fact, and one speaker's verb
# of saying is in all that speaker's claims) and verbs that only link or carry another word's meaning.
NOT_ACTIONS = frozenset({"say", "tell", "add", "state", "report", "write", "note", "claim", "explain", "insist",
                         "stress", "emphasize", "confirm", "argue", "accuse", "assert", "announce", "declare",
                         "acknowledge", "suggest", "show", "be", "have", "do"})
SAYING = NOT_ACTIONS - {"show", "be", "have", "do"}  # verbs of saying
# The dependents of a verb that take part in what it tells: who does it, what it is done to, whom for, and the
# object of a preposition that hangs on it ("resigned from Congress").
ACTION_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd", "agent", "prep"})
WHEN = frozenset({"DATE", "TIME"})  # a month or a day is when it happened, not what took part (see date facets)


def named_actions(doc) -> list[str]:
    """What a clause says happened to or was done by something it names: "<verb lemma> <name lemma>" for each verb
    (not a verb of saying, see NOT_ACTIONS) and each proper noun that is its subject, its object or the object of
    one of its prepositions, not a date ("Jackson resigned from Congress in November" -> "resign congress",
    "resign jackson").
    Two outlets' claims that tell one action of one named thing most likely report one happening, in whatever
    other words (see scoring.W_ACTION): a verb alone is in too many claims, a name alone is the story's subject."""
    found = set()
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in NOT_ACTIONS:
            continue
        for child in verb.children:
            if child.dep_ not in ACTION_ARGUMENTS:
                continue
            nouns = [g for g in child.children if g.dep_ == "pobj"] if child.dep_ in ("prep", "agent") else [child]
            found.update(f"{verb.lemma_.lower()} {n.lemma_.lower()}" for n in nouns
                         if n.pos_ == "PROPN" and n.ent_type_ not in WHEN)
    return sorted(found)


def denied_verbs(doc) -> list[str]:
    """The lemmas of the verbs a clause says did not happen: a verb with a negation of its own ("does not seek",
    "did not affect", "will never accept"), which the clause does not also state without one ("I used money I
    shouldn't have used" states "use" both ways: no denial). Not "not only" (a connective), not an auxiliary ("is not
    only a departure"). Two outlets' claims of which one denies a verb the other states are not one fact (see
    scoring.denial_clash)."""
    denied, stated = set(), set()
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        negations = [c for c in verb.children if c.dep_ == "neg" and not _before_only(c)]
        (denied if negations else stated).add(verb.lemma_.lower())
    return sorted(denied - stated)


def predicate_words(doc) -> str:
    """What a clause says of its subject: its words outside the subject of its main verb, without that verb when it
    is one of saying ("Colorado Attorney General John Suthers said the lawsuit was without merit" -> "the lawsuit
    was without merit"; "... John Suthers isn't backing down" -> "is n't backing down"). "" when the main verb has
    no subject of its own or is no lexical verb: in "The precise justification for Bowdich's decision is unclear"
    the subject carries the fact. Two claims that share no word of what either says of its subject say two things
    of one subject (see scoring.say_other_things)."""
    if not len(doc):
        return ""
    root = doc[:].root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or root.pos_ != "VERB" or root.lemma_ == "be":
        return ""
    subject = {t.i for s in subjects for t in s.subtree}
    return " ".join(t.text for t in doc if t.i not in subject and not (t.i == root.i and t.lemma_ in SAYING)
                    and t.lower_.rstrip(".") not in NAME_AFFIXES)  # "Mr." says nothing of what happened


def _before_only(token) -> bool:
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ in ("only", "just", "merely")


# Modifiers a statement can do without: it still says who did what. A prepositional phrase, an adverb, an
# adjective, an apposition, a participial or relative modifier, an adverbial clause. Never the subject, the verb, its
# object or complement, a negation, or what a verb of saying reports.
OPTIONAL = frozenset({"prep", "npadvmod", "advmod", "amod", "appos", "acl", "relcl", "advcl", "tmod"})
NEGATIONS = frozenset({"not", "never", "no", "n't", "nor", "without", "none", "neither", "nothing"})


def as_frames(doc) -> list[tuple[int, int]]:
    """Token ranges (first, last) of each "as X as" frame with what it frames ("as well as other politicians",
    "as many as 40 homes"): the words of a comparison or of a connective that only stand together."""
    return [(t.i, t.i + 3) for t in doc[:-3] if t.lower_ == "as" and t.nbor(2).lower_ == "as"]


def breaks_a_frame(first: int, last: int, frames: list[tuple[int, int]]) -> bool:
    """Whether tokens first..last hold part of an "as X as" frame but not all of it: left out, the rest would read
    "disparaged Trump as as other politicians"."""
    return any(first <= b and last >= a and not (first <= a and last >= b) for a, b in frames)


COMPLEMENT_MARKS = frozenset({"that", "whether", "if", "unless"})


def bears_on_truth(t) -> bool:
    """Whether leaving out a modifier would change what the rest says, not only say less: a content clause ("no
    evidence that the pair imposed their views", "made it clear that Mexico will not accept"), a condition ("if
    Nebraska and Oklahoma succeed"), a relative clause not set off by a comma, which picks out what its noun
    refers to ("the portion of Amendment 64 that made marijuana legal"), or the infinitive a verb needs
    (completes_a_verb)."""
    if t.dep_ in ("acl", "advcl", "relcl") and any(c.dep_ == "mark" and c.lower_ in COMPLEMENT_MARKS
                                                   for c in t.children):
        return True
    return (t.dep_ == "relcl" and not set_off(t)) or completes_a_verb(t)


# Verbs whose "to" opens the infinitive they need ("he appeared to mouth", "she tried to leave"): without it the
# verb says something else ("He appeared").
TAKES_AN_INFINITIVE = frozenset({"appear", "seem", "try", "attempt", "want", "need", "intend", "plan", "refuse",
                                 "decline", "agree", "promise", "threaten", "hope", "expect", "fail", "vow", "pledge",
                                 "seek", "decide", "continue", "begin", "start", "choose", "offer"})


def completes_a_verb(t) -> bool:
    """Whether a modifier is the infinitive a verb needs, whatever the parser called it: "to" right after a verb
    that takes one ("At one point he appeared to mouth, 'I'm sorry'" is parsed with "to mouth" as a place)."""
    return (t.lower_ == "to" and t.i == t.head.i + 1 and t.head.pos_ in ("VERB", "AUX")
            and t.head.lemma_.lower() in TAKES_AN_INFINITIVE)


def splits_a_list(modifier, last) -> bool:
    """Whether a modifier stands between its head and the head's next conjunct ("worth of televisions, DVD players
    and DVDs": left out, the list reads "worth, DVD players and DVDs"): it is one item's words of a list."""
    return any(c.dep_ == "conj" and c.i > last.i for c in modifier.head.children)


def optional_spans(doc) -> list[tuple[int, int]]:
    """Character spans of the text's optional modifiers (OPTIONAL), outer ones before the ones inside them. Not
    one whose absence would change what the rest says (bears_on_truth). A phrase that completes a form of "be"
    ("the lawsuit was without merit") is not optional, nor part of an "as X as" frame (see breaks_a_frame), nor an
    item's words in a list (see splits_a_list)."""
    spans = []
    frames = as_frames(doc)
    verbatim = quoted_words(doc)
    for t in doc:
        if t.dep_ not in OPTIONAL or t.lower_ in NEGATIONS or t.head.i == t.i or bears_on_truth(t):
            continue
        if t.head.lemma_ == "be" and t.dep_ == "prep":
            continue
        words = list(t.subtree)
        words += closing_marks(words[-1], verbatim)  # a whole quotation may go, with the marks that close it
        if within_quotation(words[0], verbatim) or within_quotation(words[-1], verbatim):
            continue  # a quotation is the speaker's words: nothing is cut from it
        if breaks_a_frame(words[0].i, words[-1].i, frames) or splits_a_list(t, words[-1]):
            continue
        a, b = words[0].idx, words[-1].idx + len(words[-1].text)
        if a > 0 and not doc.text[a - 1].isspace() or b < len(doc.text) and doc.text[b].isalnum() \
                or b < len(doc.text) and doc.text[b] in "-\u2014\u2013" or a > 0 and doc.text[a - 1] in "-\u2014":
            continue  # part of a word ("anti-marijuana") or of a dash's aside: not a phrase of its own
        spans.append((a, b))
    return sorted(set(spans), key=lambda sp: (sp[0], -sp[1]))

