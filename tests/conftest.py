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
