"""Command line: `consensus brief INPUT...` and `consensus run`. Data to stdout or files; progress to stderr."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .config import load_settings
from .errors import EXIT_OK, EXIT_PARTIAL, ConsensusError

FORMATS = ("md", "json", "html")


def progress(msg: str) -> None:
    click.echo(msg, err=True)


def parse_formats(value: str | None) -> list[str] | None:
    if value is None:
        return None
    formats = [f.strip() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise click.BadParameter(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    return formats


@click.group()
@click.version_option(__version__)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """A neutral brief of one story from several outlets, every statement with its support count."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--outdir", default=None, help="Folder for brief.md / brief.json (config output.dir).")
@click.option("--format", "formats", default=None, help="Comma list of md,json,html (config output.formats).")
@click.option("--config", "config_file", default=None, help="Config file (default ./config.toml if present).")
@click.option("--backend", default=None, help="Backend table to use (config key backend).")
@click.option("--json", "as_json", is_flag=True, help="Also print the brief JSON to stdout.")
@click.option("--full", is_flag=True, default=None,
              help="brief.md lists every claim with its evidence, not only the reader's page (config write.full).")
@click.option("--writer", type=click.Choice(["deterministic", "llm"]), default=None,
              help="llm: add a prose summary written by the model, every sentence checked (config prose.writer).")
@click.pass_context
def brief(ctx, inputs, outdir, formats, config_file, backend, as_json, full, writer):
    """Write a brief of the articles in INPUT files or folders (.txt, .md, .html)."""
    from .pipeline import run_brief
    from .write import to_json

    s = load_settings(config_file, backend=backend, prose={"writer": writer} if writer else None,
                      write={"full": True} if full else None)
    fmts = parse_formats(formats) or s.output.formats
    out = Path(outdir or s.output.dir)
    result, report = run_brief(list(inputs), s, out, fmts, progress)
    tokens = sum(x["completion_tokens"] for x in report.extractions.values())
    progress(f"brief: {len(result.claims)} claims from {len(result.articles)} articles "
             f"({result.outlets} outlets), {tokens} output tokens, {report.seconds['total']:.1f} s -> {out}/")
    if as_json:
        click.echo(to_json(result), nl=False)
    if result.partial:
        progress(f"partial: {len(report.problems)} input(s) skipped or failed (exit {EXIT_PARTIAL})")
        ctx.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("brief_json", type=click.Path(dir_okay=False))
@click.argument("claim_id")
def explain(brief_json, claim_id):
    """Show why each member of claim CLAIM_ID in BRIEF_JSON joined its group (signals and scores)."""
    from .explain import explain_claim, load_brief

    click.echo(explain_claim(load_brief(brief_json), claim_id))


@cli.command(name="run")
@click.option("--story", "stories", multiple=True, help="Run only this [[story]] (repeatable; default: all).")
@click.option("--config", "config_file", default=None, help="Config file (default ./config.toml if present).")
@click.option("--backend", default=None, help="Backend table to use (config key backend).")
@click.option("-o", "--outdir", default=None, help="Archive folder (config run.out_dir).")
@click.option("--no-cache", is_flag=True, help="Extract every article again (fresh results are still cached).")
@click.option("--every", default=None, metavar="INTERVAL",
              help="Stay in the foreground and run every INTERVAL (30m, 1h, 90s), +- jitter; Ctrl-C stops.")
@click.option("--max-runs", type=click.IntRange(min=0), default=0, help="With --every: stop after N runs (0 = never).")
@click.pass_context
def run_command(ctx, stories, config_file, backend, outdir, no_cache, every, max_runs):
    """Bring every story of the config up to date: fetch new articles, extract only new ones, archive the brief.

    Exit codes: 0 ok or unchanged, 2 config error, 3 partial failure, 4 another run holds a story's lock."""
    from .run import parse_every, run_every, run_once

    debug = ctx.obj.get("debug", False) or os.environ.get("CONSENSUS_DEBUG") == "1"

    def once() -> int:
        return run_once(config_file, backend, stories, outdir, not no_cache, progress, debug)

    if every is None:
        ctx.exit(once())
    from .config import load_settings

    interval = parse_every(every)
    ctx.exit(run_every(interval, max_runs, once, load_settings(config_file, backend=backend).run.jitter, progress))


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors with their exit code; tracebacks only with --debug (or under tests)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _terminate)  # run cleanups (the embedded server) on `kill` too
    debug = "--debug" in argv or os.environ.get("CONSENSUS_DEBUG") == "1"
    if not debug:
        logging.getLogger("instructor").setLevel(logging.CRITICAL)  # its retry chatter is not for users
    try:
        rv = cli.main(args=argv, prog_name="consensus", standalone_mode=False)
        if isinstance(rv, int):
            return rv
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        if debug and isinstance(e, ConsensusError):
            raise
        click.echo(f"Error: {e.format_message()}", err=True)
        return e.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence: one line unless --debug
        if debug:
            raise
        click.echo(f"Error: {type(e).__name__}: {e} (run with --debug for the traceback)", err=True)
        return 1
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
