"""Bad input beyond single files: duplicates, an article on another story, a lone article, long articles."""

import json
import shutil

from consensus import ingest
from consensus.extract import claims_for_sentence, known_names, windows
from consensus.models import Extraction, ExtractionStats, Kind
from consensus.pipeline import assemble
from tests.conftest import EXAMPLES
from tests.replay_brief import SEEDS_CASSETTE
from tests.replay_server import ReplayServer
from tests.test_cli import config_for, run_cli

OTHER_STORY = """Riverton council raises water prices

The city council of Riverton voted on Tuesday to raise water prices by twelve percent from March.
Mayor Ana Ruiz said the money will pay for new pipes across the city over the next five years.
Two council members walked out of the meeting in protest, the Riverton Ledger reported.
Residents can comment on the plan at a public hearing next month.
"""


def rule_extraction(article):
    claims = []
    for s in article.sentences:
        claims += claims_for_sentence(article, s.index, Kind.event, known_names([article]), {}, len(claims) + 1)
    return Extraction(article=article.id, claims=claims, stats=ExtractionStats())


def test_two_copies_of_one_article_count_once(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(EXAMPLES, articles)
    (articles / "story.toml").unlink()  # outlets from source lines / file names
    shutil.copy(articles / "001_28f4ad4f825b1d4b.txt", articles / "001_copy.txt")
    with ReplayServer(SEEDS_CASSETTE) as server:
        cfg = config_for(tmp_path, server.base_url)
        r = run_cli("brief", str(articles), "-o", str(tmp_path / "out"), "--config", str(cfg), "--backend", "replay")
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "out" / "brief.json").read_text())
    assert len(data["articles"]) == 6 and data["outlets"] == 5  # the copy is the same outlet (foxnews.com)
    for c in data["claims"]:
        assert c["support"] <= 5 and c["support"] == len(set(c["outlets"]))


def test_article_on_another_story_is_left_out_of_the_counts(tmp_path):
    other = tmp_path / "riverton.txt"
    other.write_text(OTHER_STORY)
    arts = [ingest.load_article(p, p.name[:3], 2_000_000) for p in sorted(EXAMPLES.glob("*.txt"))]
    arts.append(ingest.load_article(other, "005", 2_000_000))
    ingest.canonicalize_names(arts)
    brief = assemble(arts, [rule_extraction(a) for a in arts], [])
    assert brief.outlets == 5 and "005" not in {a.id for a in brief.articles}  # the denominator is the story's
    assert not [c for c in brief.claims if "005" in c.articles]
    assert any("riverton.txt: shares no fact" in n and "left out of the counts" in n for n in brief.notes)
    assert "another story" in brief.brief_markdown
    alone = assemble(arts[:1] + arts[5:], [rule_extraction(a) for a in arts[:1] + arts[5:]], [])
    assert alone.outlets == 2  # two articles sharing nothing: which is the story cannot be told, both stay


def test_one_article_only_makes_no_consensus(tmp_path):
    with ReplayServer(SEEDS_CASSETTE) as server:
        cfg = config_for(tmp_path, server.base_url)
        r = run_cli("brief", str(EXAMPLES / "003_2d907043997f5f3c.txt"), "-o", str(tmp_path / "out"),
                    "--config", str(cfg), "--backend", "replay")
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "out" / "brief.json").read_text())
    assert data["outlets"] == 1 and all(c["support"] == 1 for c in data["claims"])
    assert "Only one outlet" in data["brief_markdown"] and "Reported by all" not in data["brief_markdown"]


def test_long_article_is_windowed_without_losing_a_sentence(tmp_path):
    body = "\n".join(f"The council met for the {i}th time on the water plan and voted on item {i}." for i in range(1, 2001))
    path = tmp_path / "long.txt"
    path.write_text("Council marathon\n\n" + body + "\n")
    article = ingest.load_article(path, "000", 2_000_000)
    ws = windows(len(article.sentences), 60)
    assert len(ws) == -(-len(article.sentences) // 60)
    covered = [n for w in ws for n in w]
    assert covered == list(range(1, len(article.sentences) + 1))  # every sentence once, in order
    assert max(len(w) for w in ws) <= 60 and min(len(w) for w in ws) >= 30


def test_five_megabyte_article_is_a_clear_skip(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"A sentence of the article that goes on. " * 130_000)  # ~5 MB
    r = run_cli("brief", str(big), str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "o"))
    assert r.returncode == 1
    assert "big.txt: 5,200,000 bytes is over the limit of 2,000,000 (ingest.max_bytes)" in r.stderr
    assert "Traceback" not in r.stderr
