"""`consensus explain`: why the members of one brief claim were grouped, from the signals stored in brief.json."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from .errors import ConsensusError
from .models import Brief
from .write import outlet_names, report_of

SIGNAL_HELP = {
    "statement": "idf-weighted overlap of the statements' content words",
    "evidence": "idf-weighted overlap of the evidence sentences' content words",
    "quote": "overlap of the words inside quotation marks",
    "number": "a shared number (value and unit)",
    "kind": "same kind of claim",
    "rare": "the rarest word the two sentences share (idf, scaled to 0..1)",
    "semantic": "cosine of the statements' all-MiniLM-L6-v2 vectors (counts above 0.45)",
    "facet": "same facet: the date and what happened on it, or the occasion (a news conference, an event)",
    "same_fact": "the day of a clause of this group (the same day, named with another verb)",
    "restates": "a refusal that leaves out what was refused ('she declined'), scored against its article's refusal "
                "that names it",
}


def load_brief(path: str) -> Brief:
    try:
        return Brief.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ConsensusError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ConsensusError(f"{path}: not a brief JSON file") from None
    except ValidationError as e:
        raise ConsensusError(f"{path}: not a consensus.brief/1 file ({e.error_count()} schema errors)") from None


def explain_claim(brief: Brief, claim_id: str) -> str:
    claim = next((c for c in brief.claims if c.id == claim_id), None)
    if claim is None:
        ids = [c.id for c in brief.claims]
        raise ConsensusError(f"no claim {claim_id!r} in this brief (ids {ids[0]}..{ids[-1]})" if ids
                             else "this brief has no claims")
    outlets = {a.id: a.outlet for a in brief.articles}
    named = ", ".join(outlet_names(claim.outlets, report_of(brief)))
    lines = [f"{claim.id} [{claim.support}/{brief.outlets}: {named}] {claim.kind.value}: "
             f"{claim.statement}", ""]
    for m in claim.members:
        signals = ", ".join(f"{k}={v:g}" for k, v in sorted(m.signals.items())) or "seed of the group"
        lines.append(f"- {m.claim} ({outlets.get(m.article, m.article)}): score {m.score:g} ({signals})")
        lines.append(f"    {m.statement}")
    for e in claim.evidence:
        lines.append(f"  evidence {e.article} sentence {e.sentence} [{e.start}:{e.end}]: {e.text}")
    used = sorted({k for m in claim.members for k in m.signals})
    if used:
        lines += ["", "signals:"] + [f"  {k}: {SIGNAL_HELP.get(k, k)}" for k in used]
    return "\n".join(lines)
