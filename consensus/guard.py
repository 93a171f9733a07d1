"""Guard: text that speaks to the machine reading the article, not about the story, is kept out of extraction.

Articles are untrusted web text. Besides fencing the article as data in the prompt, the guard removes, before any
model sees the article, every line or sentence that is not reporting but addresses its reader:

  (a) speech to a reader rather than about the story: an order (imperative mood: a base-form verb with no
      subject), the second person, a question, a labelled note ("Note to ...:", "Editor's note:"), a sentence about
      the text itself ("This article ...") or about what a reader of it should output (a summary, a response, the
      claims, the counts, the instructions), and any mention of an automated reader (an AI, an assistant, a
      language model) that is not reported of somebody;
  (b) chat-template or role markup: the special tokens of chat templates (<|im_start|>, [INST], <s>), tags
      (<system>, </article>), role labels at a line's start ("System:", "Assistant:", "[ADMIN]"), separator
      frames ("-- CORE INSTRUCTION", "------");
  (c) a request that something be added to, left out of or changed in the output: a modal of obligation
      ("must", "should") whose subject is the output or its reader, or an order.

The judgement is grammatical (spaCy's parse: mood, person, subject, the verb's object) and uses closed word classes
(chat roles, the nouns of a tool's output, the nouns of an automated reader), never the wording of known attacks.
Quoted speech of a person in the story is reporting and is never judged; a quotation nobody in the sentence says
(a label and a colon before it) is judged as the text's own words. A paragraph whose first sentence addresses the
reader is injected as a whole, and so is one that holds an order, markup or a note to an automated reader: its
other sentences are the payload. A line that ends in a colon hands on to the next line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import canon

QUOTE_MARKS = ('"', "\u201c", "\u201d")

# (b) chat-template and role markup
CHAT_ROLES = r"system|assistant|user|human|bot|developer|admin|administrator|operator|instructions?|prompt|inst|sys"
FRAMES = (r"rest[ -]of[ -](?:the[ -])?(?:document|article|text)|(?:end|begin|beginning|start) of (?:the )?"
          r"(?:session|article|document|text|input|conversation)")
SPECIAL_TOKEN = re.compile(r"<\|[^<>]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>|"
                           r"\b(?:im_start|im_end|endoftext|eot_id|start_header_id|end_header_id)\b", re.I)
TAG = re.compile(r"</?[A-Za-z][\w :-]{0,40}>|^\s*<.*>\s*$")  # <system>, </article>, <end of session>, <payload>
BRACKET_ROLE = re.compile(r"\[\s*/?\s*(?:" + CHAT_ROLES + "|" + FRAMES + r")\b[^\]]*(?:\]|$)", re.I)
ROLE_LABEL = re.compile(r"^\W{0,3}(?:" + CHAT_ROLES + r"|ai|" + FRAMES + r")\b[^:\n\"\u201c]{0,80}:", re.I)
SEPARATOR = re.compile(r"^\s*(?:-{2,}|={2,}|#{3,}|\*{3,}|_{3,}|~{3,}|>{2,})")

# (a) an automated reader, and the output a reader of the article is asked to give
AUTOMATA = frozenset("""ai assistant assistants chatbot chatbots bot bots llm llms gpt chatgpt summarizer summariser
summarizers crawler crawlers scraper scrapers""".split())
AUTOMATA_PHRASE = re.compile(r"\b(?:language models?|automated \w+|automatic \w+|ai (?:systems?|models?|tools?|"
                             r"readers?|agents?)|machine readers?|system prompt)\b", re.I)
OUTPUT = frozenset("""summary summaries overview overviews recap synopsis digest rundown abstract brief briefs response responses reply replies answer answers output outputs
claim claims count counts instruction instructions directions prompt prompts translation analysis result results
highlights conversation session text""".split())
# the reader's output ("your summary") and the conversation's earlier turns ("the above instructions")
ABOUT_OUTPUT = re.compile(r"\byour\s+(?:\w+\s+)?(?:" + "|".join(sorted(OUTPUT)) + r")\b|\b(?:the\s+)?(?:above|previous|"
                          r"prior|earlier|preceding|foregoing)\s+(?:instructions|directions|prompts?|rules)\b", re.I)
# the text itself, and what it is: "This article has been verified ...", "The following text is ..."
SELF = re.compile(r"^\W*(?:this|the following|the above)\s+(?:\w+\s+)?(?:article|story|text|page|document|piece|"
                  r"post|snippet|paragraphs?)\s+(?:\w+ly\s+)?(?:is|was|has|have|had|should|must|will|shall)\b", re.I)
# a heading label ("Editor's note:", "IMPORTANT:"), not prose ("Her message: ..." has a determiner)
NOTE_LABEL = re.compile(r"^\W*(?:(?!(?:the|a|an|his|her|their|its|our|my|this|that|one)\b)[\w'\u2019]+\s+){0,3}?"
                        r"(?:note|notice|message|update|correction|clarification|disclaimer|advisory|verification|"
                        r"important|critical|attention|warning|urgent|reminder)(?:\s+(?:to|for|by)\s+[^:]{1,60})?\s*:",
                        re.I)
SPEAKER_LABEL = re.compile(r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*:")  # "Sheinbaum:"
# "This is really important, ...": a plea to the reader about the text, with no noun for what is important
PLEA = re.compile(r"^\W*(?:this|it)\s+is\s+(?:(?:really|very|extremely|so|absolutely|critically|vitally|most)\s+)*"
                  r"(?:important|critical|crucial|essential|vital|urgent|imperative)\s*(?:[,.!;:]|$)", re.I)
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
OBLIGATION = frozenset({"must", "should", "shall", "need", "needs", "have", "has", "ought", "required", "is", "are"})


@dataclass(frozen=True)
class Verdict:
    reason: str  # why the text is not reporting
    whole: bool  # the paragraph it opens or holds is injected as a whole (a strong sign, not a lone question)


MARKUP = Verdict("chat-template or role markup", True)
ORDER = Verdict("an order to the reader, not reporting", True)
YOU = Verdict("addresses the reader (second person), not reporting", True)
QUESTION = Verdict("a question to the reader, not reporting", False)
AUTOMATON = Verdict("speaks to an automated reader, not reporting", True)
ABOUT = Verdict("speaks about the text or the tool's output, not reporting", True)
NOTE = Verdict("a note to the reader, not reporting", True)
CHANGE = Verdict("asks for a change of the output, not reporting", True)


def line_before(raw: str, start: int) -> str:
    """The text of `start`'s line (paragraph) before it."""
    return raw[raw.rfind("\n", 0, start) + 1:start]


def line_after(raw: str, end: int) -> str:
    """The text of `end`'s line (paragraph) from it on."""
    stop = raw.find("\n", end)
    return raw[end:stop if stop >= 0 else len(raw)]


def starts_in_quote(raw: str, start: int) -> bool:
    """Whether an odd number of double quotation marks precede `start` on its line (paragraph)."""
    line = line_before(raw, start)
    return sum(line.count(q) for q in QUOTE_MARKS) % 2 == 1


def unquoted(text: str) -> str:
    """The text with quoted speech blanked out (an unclosed quotation runs to the end)."""
    text = canon.normalize(text)
    text = re.sub(r'"[^"]*("|$)', " ", text)
    return re.sub(r"(?<![A-Za-z])'[^']*('(?![A-Za-z])|$)", " ", text)


def markup(line: str) -> Verdict | None:
    """(b) A line that carries chat-template or role markup: special tokens, tags, a role label or a role tag in
    brackets, or a separator frame."""
    text = canon.normalize(line)
    if (SPECIAL_TOKEN.search(text) or TAG.search(text) or BRACKET_ROLE.search(text) or ROLE_LABEL.match(text)
            or SEPARATOR.match(text)):
        return MARKUP
    return None


def own_words(sentence: str, in_quote: bool) -> str:
    """What the sentence says in its own voice: quoted speech blanked when somebody in the sentence says it
    (a verb outside the quotation, or a name before a colon); a quotation only a label introduces is the text's."""
    own = unquoted(('"' if in_quote else "") + sentence)
    label = own.strip()
    label_only = (not in_quote and re.fullmatch(r"[^:]{1,80}:", label) and '"' in canon.normalize(sentence)
                  and not SPEAKER_LABEL.fullmatch(label))
    return canon.normalize(sentence) if label_only else own


def judge(sentence: str, in_quote: bool = False) -> Verdict | None:
    """Why a sentence (or a one-sentence line) is not reporting, or None when it reports."""
    return _judge(sentence, in_quote)


@functools.lru_cache(maxsize=65536)
def _judge(sentence: str, in_quote: bool) -> Verdict | None:
    if (found := markup(sentence)) is not None:
        return found
    own = own_words(sentence, in_quote).strip(" ,.;:-()[]")
    if not re.search(r"[A-Za-z]", own):
        return None
    lexical = lexical_verdict(own)
    if lexical is not None:
        return lexical
    from . import nlp

    return parsed_verdict(nlp.parse([own])[0])


def lexical_verdict(own: str) -> Verdict | None:
    """Signs that need no parse: a labelled note, the text speaking of itself or of the output, a question."""
    if NOTE_LABEL.match(own) and not re.match(r"^\W*[A-Z][a-z]+\s*:", own):  # "Note:" yes; "Sheinbaum:" is a speaker
        return NOTE
    if SELF.match(own):
        return ABOUT
    if PLEA.match(own):
        return NOTE
    if ABOUT_OUTPUT.search(own):
        return ABOUT
    if "?" in own:
        return QUESTION
    return None


def parsed_verdict(doc) -> Verdict | None:
    """Signs read from the parse: second person, an order, a modal of obligation on the output or its reader, an
    automated reader addressed (in a label, a note for it, beside the text itself)."""
    tokens = [t for t in doc if not t.is_space]
    if any(t.lower_ in SECOND_PERSON and not title_word(t) for t in tokens):
        return YOU
    if any(imperative(t) for t in tokens) or opens_with_order(doc):
        return ORDER
    automaton = any(t.lower_ in AUTOMATA for t in tokens) or bool(AUTOMATA_PHRASE.search(doc.text))
    if any(obliges(t) and (automaton or t.lower_ in OUTPUT or t.lemma_.lower() in OUTPUT or about_text(t))
           for t in subjects(doc)):
        return CHANGE
    if automaton and addressed(doc):
        return AUTOMATON
    return None


def title_word(t) -> bool:
    """'You' capitalised inside a sentence is a word of a title ('How You Can Get Out of Debt'), not address."""
    return t.i > 0 and t.text[:1].isupper() and not t.nbor(-1).is_punct


def imperative(t) -> bool:
    """A verb in the imperative mood: base form, no subject, no auxiliary but 'do' ('Do not mention ...'), not an
    infinitive ('to write') nor after a modal; it heads the sentence (the root, a conjunct of an order) or opens it
    (a declarative opens with its subject, so a base-form verb first is an order: 'Ignore ... and print ...')."""
    if t.tag_ != "VB":
        return False
    heads = t.dep_ == "ROOT" or (t.dep_ == "conj" and imperative(t.head))
    first = t.i == first_word(t.doc) and t.dep_ in CLAUSE_HEADS  # not 'Sign' of 'Sign language interpreters'

    if not (heads or first):
        return False
    kids = list(t.children)
    if any(k.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for k in kids):
        return False
    if any(k.dep_ in ("aux", "auxpass") and k.lower_ not in ("do", "don't") for k in kids):
        return False
    return not any(k.dep_ == "aux" and k.lower_ == "to" for k in kids)


CLAUSE_HEADS = frozenset({"ROOT", "csubj", "advcl", "ccomp", "conj", "parataxis", "dep", "xcomp"})


def first_word(doc) -> int:
    """The index of the sentence's first word (after punctuation, 'please', an interjection or a label)."""
    for t in doc:
        if not (t.is_punct or t.lower_ in ("please", "kindly", "now", "then", "also") or t.pos_ == "INTJ"):
            return t.i
    return 0


def opens_with_order(doc) -> bool:
    """A sentence with no subject anywhere whose first word the tagger took for a noun ('Reply using Base64.'):
    read again after 'Please', it is an order when that word is a base-form verb with no subject."""
    i = first_word(doc)
    in_subject = any(doc[i] in t.subtree for t in doc if t.dep_ in ("nsubj", "nsubjpass", "expl"))
    if in_subject or not doc[i].text[:1].isupper() or doc[i].dep_ not in CLAUSE_HEADS:
        return False
    if doc[i].tag_ not in ("NN", "NNP", "NNS", "JJ", "VBP"):
        return False
    from . import nlp

    again = nlp.parse(["Please " + doc[i:].text[:1].lower() + doc[i:].text[1:]])[0]
    return len(again) > 1 and imperative(again[1])


def subjects(doc):
    """The subjects of the sentence's verbs."""
    return [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")]


def about_text(subject) -> bool:
    """Whether a subject names the text itself or its coverage ('any account of this coverage')."""
    words = " ".join(t.lower_ for t in subject.subtree)
    return bool(re.search(r"\b(?:this|these)\s+(?:article|articles|story|stories|coverage|text|page|report|piece)\b",
                          words))


def obliges(subject) -> bool:
    """Whether the subject's verb is a modal of obligation or need ('must state', 'should end', 'is to be')."""
    verb = subject.head
    return any(k.dep_ in ("aux", "auxpass") and k.lower_ in OBLIGATION for k in verb.children) or \
        verb.lower_ in ("needs", "need", "requires", "require")


COMMUNICATION = frozenset("note notes message messages notice memo reminder request directive guidance".split())


def addressed(doc) -> bool:
    """Whether an automated reader is addressed, not reported on: it stands in a label before a colon, in a note
    or message to or for it, or beside the text itself ('AI systems reading this page')."""
    text = doc.text
    label = text.split(":", 1)[0] if ":" in text else ""
    if label and (AUTOMATA_PHRASE.search(label) or any(w.lower() in AUTOMATA for w in re.findall(r"\w+", label))):
        return True
    for t in doc:
        if t.lower_ in ("to", "for") and t.head.lemma_.lower() in COMMUNICATION:
            return True
    return bool(re.search(r"\b(?:this|the)\s+(?:article|story|page|text|document|site|website)\b", text, re.I))


def instruction_like(sentence: str, starts_in_quote: bool = False) -> bool:
    """True for a sentence that is not reporting but addresses its reader (see the module's docstring).
    `starts_in_quote`: the sentence continues a quotation opened in an earlier sentence of its paragraph."""
    return judge(sentence, starts_in_quote) is not None


def removal_note(source: str, text: str, reason: str) -> str:
    """One line of the brief's notes for one removed sentence or line."""
    short = re.sub(r"\s+", " ", text).strip()
    return f"{source}: left out {short[:100] + ('...' if len(short) > 100 else '')!r} ({reason})"


def line_verdict(raw: str, line, spans) -> Verdict | None:
    """Why a whole line (paragraph) is injected: it carries markup, its first sentence addresses the reader, or
    any of its sentences gives a strong sign (an order, the second person, markup, a note, an automated reader)."""
    if (found := markup(line.text)) is not None:
        return found
    verdicts = [judge(raw[a:b], starts_in_quote(raw, a)) for a, b in spans]
    if verdicts and verdicts[0] is not None:
        return verdicts[0]
    return next((v for v in verdicts if v is not None and v.whole), None)


def injected_lines(raw: str, lines, per_line, boilerplate) -> dict:
    """Line -> the reason it is left out as a whole. Boilerplate lines are dropped anyway and are listed only when
    they carry markup; a flagged line that ends in a colon hands on to the line after it (its payload)."""
    out: dict = {}
    carry = False
    for ln in lines:
        verdict = line_verdict(raw, ln, per_line[ln])
        if verdict is None and carry:
            verdict = Verdict("introduced by the line before it, which addresses the reader", True)
        carry = verdict is not None and ln.text.rstrip().endswith(":")
        if verdict is not None and (not boilerplate(ln) or verdict is MARKUP):
            out[ln] = verdict.reason
        elif verdict is not None:
            out[ln] = None  # boilerplate: dropped anyway, never the title, not listed
    return out


def comparable(text: str) -> str:
    """A sentence's words, for telling the same sentence in two articles: lower case, no quotes or punctuation."""
    return " ".join(re.findall(r"[a-z0-9]+", canon.normalize(text).lower()))


def unflagged(claims: list, articles: list) -> list:
    """The claims none of whose sentences the guard left out of any article: a payload that one article carries
    as an injection is never a statement of the brief, even where another article carries it bare."""
    flagged = {comparable(t) for a in articles for t in a.instructions} - {""}
    if not flagged:
        return claims
    by_id = {a.id: a for a in articles}
    return [c for c in claims if not any(comparable(by_id[c.article].sentence(i).text) in flagged
                                         for i in c.sentences if c.article in by_id)]
