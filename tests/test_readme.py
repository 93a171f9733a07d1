"""The README is for users: short, and every command, flag, make target and link it shows exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from consensus.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAX_BYTES = 10_000

FENCE = re.compile(r"^([ \t]*)```[^\n]*\n(.*?)^\1```", re.M | re.S)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SEPARATORS = {"&&", "||", "|", ";", "&"}
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(text)]


def inline_code(text: str) -> list[str]:
    return INLINE.findall(FENCE.sub("", text))


def command_lines(text: str) -> list[str]:
    """Lines of the fenced code blocks, then the inline code spans, that may hold a command."""
    lines = [line for block in code_blocks(text) for line in block.splitlines()]
    return [line.split(" #")[0] for line in lines + inline_code(text) if line.strip()]


def words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:  # an unbalanced quote in prose: split on blanks
        return line.split()


def simple_commands(line: str) -> list[list[str]]:
    """The line's commands, split at shell separators, each without its leading VAR=value assignments."""
    out: list[list[str]] = [[]]
    target_next = False
    for w in words(line):
        if target_next:  # the file of a redirection
            target_next = False
        elif w in SEPARATORS:
            out.append([])
        elif re.fullmatch(r"\d?(?:>>?|<)(?:&\d)?", w):
            target_next = not w.endswith(("&1", "&2"))
        elif re.match(r"\d?(?:>>?|<)", w):
            continue  # a redirection with its file attached: >>log, 2>&1
        else:
            out[-1].append(w)
    cleaned = []
    for cmd in out:
        while cmd and ENV_ASSIGNMENT.match(cmd[0]):
            cmd = cmd[1:]
        if cmd:
            cleaned.append(cmd)
    return cleaned


def consensus_invocations(text: str) -> list[list[str]]:
    """Every `consensus ...` command shown (also as .venv/bin/consensus, or after flock/env/cron fields)."""
    found = []
    for line in command_lines(text):
        for cmd in simple_commands(line):
            for i, w in enumerate(cmd):
                if Path(w).name == "consensus" and (w == "consensus" or w.endswith("/bin/consensus")):
                    found.append(cmd[i + 1:])
                    break
    return found


def option_names(params) -> set[str]:
    names = {"--help"}
    for p in params:
        names.update(getattr(p, "opts", []))
        names.update(getattr(p, "secondary_opts", []))
    return names


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for m in re.finditer(r"^([A-Za-z0-9_.%/$()][A-Za-z0-9_.%/$() -]*?)\s*:(?![=])", text, re.M):
        targets.update(t for t in m.group(1).split() if not t.startswith((".", "$")))
    return targets


def make_invocations(text: str) -> list[list[str]]:
    found = []
    for line in command_lines(text):
        for cmd in simple_commands(line):
            if cmd[0] == "make":
                found.append([w for w in cmd[1:] if not w.startswith("-") and "=" not in w])
    return found


def test_readme_is_short():
    size = README.stat().st_size
    assert size <= MAX_BYTES, f"README.md is {size} bytes; at most {MAX_BYTES} (move detail to docs/)"


def test_readme_shows_commands():
    text = readme()
    assert consensus_invocations(text), "no consensus command found in README.md"
    assert make_invocations(text), "no make command found in README.md"


def test_consensus_commands_name_real_subcommands_and_flags():
    problems = []
    group_options = option_names(cli.params) | {"--version"}
    for args in consensus_invocations(readme()):
        shown = " ".join(["consensus", *args])
        while args and args[0].startswith("-"):  # options of the group itself: --debug, --version
            if args[0].split("=")[0] not in group_options:
                problems.append(f"{shown}: {args[0]} is not an option of consensus")
            args = args[1:]
        if not args:
            continue
        name, rest = args[0], args[1:]
        if name in ("...", "ARGS..."):
            continue
        command = cli.commands.get(name)
        if command is None:
            problems.append(f"{shown}: no subcommand {name!r} (known: {', '.join(sorted(cli.commands))})")
            continue
        known = option_names(command.params)
        for w in rest:
            if w.startswith("-") and w not in ("-", "--") and not re.fullmatch(r"-\d.*", w):
                flag = w.split("=")[0]
                if flag not in known:
                    problems.append(f"{shown}: {flag} is not an option of 'consensus {name}'")
    assert not problems, "\n".join(problems)


def test_make_targets_exist():
    targets = makefile_targets()
    problems = [f"make {' '.join(args)}: no target {t!r} in the Makefile"
                for args in make_invocations(readme()) for t in args if t not in targets]
    assert not problems, "\n".join(problems)


def test_relative_links_resolve():
    problems = []
    for target in LINK.findall(readme()):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # http(s), mailto, or an anchor in this page
        path = target.split("#")[0]
        if path and not (ROOT / path).exists():
            problems.append(f"{target}: no such file")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_docs_links_resolve(page):
    folder = ROOT / "docs"
    text = (folder / page).read_text(encoding="utf-8")
    missing = [t for t in LINK.findall(text)
               if not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I) and not t.startswith("#")
               and t.split("#")[0] and not (folder / t.split("#")[0]).exists()]
    assert not missing, f"docs/{page}: links to missing files: {missing}"


def test_the_parser_sees_commands_and_flags():
    text = ("```sh\n. .venv/bin/activate\nconsensus brief a b -o out --nope  # note\n```\n"
            "Then `make brief` and\n\n  ```cron\n* * * * * cd /x && flock -n /l .venv/bin/consensus run --every 1m"
            " >> log 2>&1\n  ```\n")
    assert consensus_invocations(text) == [["brief", "a", "b", "-o", "out", "--nope"], ["run", "--every", "1m"]]
    assert make_invocations(text) == [["brief"]]
