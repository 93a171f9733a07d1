import os
from pathlib import Path

import pytest

from tests import cassettes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "sheinbaum"

# User errors re-raise under tests so a failing test shows the traceback.
os.environ.setdefault("CONSENSUS_DEBUG", "0")


def pytest_recording_configure(config, vcr):
    cassettes.register(vcr)


@pytest.fixture(scope="module")
def vcr_config():
    return cassettes.vcr_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return str(cassettes.CASSETTES / request.module.__name__.split(".")[-1])


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


# Record modes in which a cassette test talks to the real embedded server (make record); else it replays.
RECORDING = ("rewrite", "all", "new_episodes")


@pytest.fixture
def model_endpoint(record_mode):
    """The real embedded server while recording, else the replay address (requests match on method, path, body)."""
    from consensus.backends import open_backend
    from tests import replay_brief

    if record_mode in RECORDING:
        with open_backend(replay_brief.settings(), print) as endpoint:
            yield endpoint
    else:
        yield replay_brief.REPLAY_ENDPOINT
