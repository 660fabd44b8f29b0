"""Fixtures for the Python module's tests: the engine, the command to
compare with, and the repository's worked examples.

ctest runs these with PYTHONPATH at the build tree's python/ and
EMBARGO_CLI at the command built beside it (python/CMakeLists.txt)."""

import io
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import embargo

SOURCE_DIR = Path(os.environ.get("EMBARGO_SOURCE_DIR", Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def engine() -> embargo.Engine:
    return embargo.load()


@pytest.fixture(scope="session")
def cli() -> str:
    path = os.environ.get("EMBARGO_CLI")
    if not path:
        pytest.fail("EMBARGO_CLI is not set: run these tests through ctest")
    return path


def read_text_frame(path_or_text) -> pd.DataFrame:
    """A CSV as pandas reads it with every cell as text, empty cells empty."""
    if isinstance(path_or_text, Path):
        return pd.read_csv(path_or_text, dtype=str, keep_default_na=False)
    return pd.read_csv(io.StringIO(path_or_text), dtype=str, keep_default_na=False)


def command_screen(cli: str, csv_path: Path) -> pd.DataFrame:
    """What `embargo screen` writes for a file (exit 0, 1 or 2 alike)."""
    run = subprocess.run(
        [cli, "screen", str(csv_path), "--no-summary", "--no-progress", "--threads", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1, 2), run.stderr
    return read_text_frame(run.stdout)


@pytest.fixture(scope="session")
def worked_examples() -> Path:
    return SOURCE_DIR / "examples" / "worked-examples.csv"


def petroleum_table(rows: int, tonnes: int = 5_000) -> pd.DataFrame:
    """Deliveries of diesel to the DPRK in 2018, one a week, each `tonnes`:
    the refined-petroleum cap (2397/OP5, 500,000 bbl a year) runs out part
    way through the year; every fifth row also ships coal from the DPRK."""
    out = []
    for i in range(rows):
        month = 1 + (i * 12) // rows
        if i % 5 == 4:
            out.append(dict(id=f"C{i}", hs_code="2701.12", exporter="KP", importer="CN", origin="KP",
                            date=f"2018-{month:02d}", quantity="1000", unit="t", value_usd="90000", product="",
                            purpose="", notified="", designated_party=""))
        else:
            out.append(dict(id=f"P{i}", hs_code="2710.19", exporter="CN", importer="KP", origin="CN",
                            date=f"2018-{month:02d}", quantity=str(tonnes), unit="t", value_usd="9000000",
                            product="diesel", purpose="livelihood", notified="true", designated_party="false"))
    return pd.DataFrame(out)
