"""User-facing errors and the exit codes the CLI maps them to (documented in README)."""

import click

EXIT_OK = 0
EXIT_FAILED = 1  # nothing could be produced
EXIT_USAGE = 2  # bad flags or config (click's own usage errors use 2 as well)
EXIT_PARTIAL = 3  # a brief was written, but some inputs were skipped or failed
EXIT_LOCKED = 4  # another run holds the story's lock
EXIT_BACKEND = 5  # the model backend could not be started or reached


class ConsensusError(click.ClickException):
    """An error for the user: one line, no traceback (unless --debug)."""

    exit_code = EXIT_FAILED


class InputError(ConsensusError):
    """One input file cannot be used; the others still are."""


class ConfigError(ConsensusError):
    exit_code = EXIT_USAGE


class BackendError(ConsensusError):
    exit_code = EXIT_BACKEND
