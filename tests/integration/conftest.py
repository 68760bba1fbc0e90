from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from careflow import paths
from careflow.local.engine import LocalEngine

EMAILS = sorted((paths.SAMPLES_DIR / "emails").glob("*.eml"))
EXPECTED = yaml.safe_load((paths.SAMPLES_DIR / "expected.yaml").read_text())


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as running:
        running.seed_directory(paths.SAMPLES_DIR / "members.yaml", paths.SAMPLES_DIR / "reps.yaml")
        yield running


def mail(path: Path) -> bytes:
    return path.read_bytes()
