from typing import Any, Iterable, Mapping, Optional, Sequence

import pandas as pd

__version__: str
STATUSES: tuple[str, ...]
VERDICT_COLUMNS: tuple[str, ...]
UNREADABLE: str
DEFAULT_MAX_CAPPED_ROWS: int

class Diagnostic:
    id: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    text: str
    row: Optional[int]

class Error(Exception):
    diagnostics: list[Diagnostic]
    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ...) -> None: ...

class RulesError(Error): ...
class RecordError(Error, ValueError): ...
class InputError(Error, ValueError): ...

class Finding:
    measure: str
    regime: str
    citation: str
    status: str
    exemption: Optional[str]
    reason: str
    cap: Optional[dict]

class Verdict:
    status: str
    findings: tuple[Finding, ...]
    would_settle: tuple[str, ...]
    missing_facts: tuple[str, ...]
    not_screened: tuple[str, ...]
    def to_dict(self) -> dict: ...

class Engine:
    warnings: list[Diagnostic]
    @property
    def origin(self) -> str: ...
    @property
    def regime(self) -> str: ...
    def check(
        self,
        hs: str,
        exporter: str,
        importer: str,
        date: str,
        origin: Optional[str] = ...,
        quantity: Any = ...,
        unit: Optional[str] = ...,
        value_usd: Any = ...,
        id: Optional[str] = ...,
        facts: Optional[Mapping[str, Any]] = ...,
    ) -> Verdict: ...
    def screen(self, df: pd.DataFrame, *, threads: Optional[int] = ..., max_capped_rows: int = ...) -> pd.DataFrame: ...
    def ledger(self) -> Ledger: ...

class Ledger:
    def __init__(self, engine: Engine) -> None: ...
    def open(self, exemption: str, period_start: str, used: Sequence[float]) -> None: ...
    def feed(self, records: Iterable[Mapping[str, Any]]) -> list[Verdict]: ...
    def balances(self) -> list[dict]: ...
    def report(self, format: str = ...) -> str: ...

def load(rules: Optional[str] = ..., regimes: Optional[Sequence[str]] = ...) -> Engine: ...
