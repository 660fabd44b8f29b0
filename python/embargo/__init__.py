"""embargo: UN Security Council goods sanctions as HS-code rules.

Load the rules once, then check one shipment or screen a whole frame::

    >>> import embargo
    >>> engine = embargo.load()            # the built-in UN DPRK rules
    >>> v = engine.check(hs="2701", exporter="KP", importer="CN",
    ...                  origin="KP", date="2018-03")
    >>> v.status
    'prohibited'
    >>> v.findings[0].citation
    'S/RES/2371(2017) OP8'

``Engine.screen(df)`` judges a pandas DataFrame with the columns
``embargo screen`` reads (hs_code, exporter, importer, date, origin,
quantity, unit, value_usd and facts) and returns it with the columns
``verdict``, ``regimes``, ``measures``, ``citations`` and ``reason`` added, the cap ledger
applied across the frame. ``embargo.dask.screen`` does the same for a Dask
DataFrame, partition by partition on the workers.

A verdict is one of ``prohibited``, ``indeterminate``, ``capped``,
``carved_out`` and ``unrestricted`` (most severe first); ``indeterminate``
names what would settle it. ``unrestricted`` means only that no goods
measure of the loaded rules reaches the record: the rules do not screen
designated persons, vessels or catch-all controls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from . import _embargo

__all__ = [
    "STATUSES",
    "VERDICT_COLUMNS",
    "Diagnostic",
    "Engine",
    "Error",
    "Finding",
    "InputError",
    "Ledger",
    "RecordError",
    "RulesError",
    "Verdict",
    "load",
]

__version__: str = _embargo.version

#: Verdict statuses, least severe first.
STATUSES = ("unrestricted", "carved_out", "capped", "indeterminate", "prohibited")
#: The columns a screen adds (a frame's own columns of these names are replaced).
VERDICT_COLUMNS = ("verdict", "regimes", "measures", "citations", "reason")
#: The verdict of a row that could not be read; its reason says why.
UNREADABLE = "unreadable"
#: As ``embargo screen --max-capped-rows``: rows under a quota held at once.
DEFAULT_MAX_CAPPED_ROWS = 1_000_000

_ROW_COLUMN = "__embargo_row"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, as the command reports it: ``file:line:col: error: message [id]``."""

    id: str
    severity: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    text: str = ""
    #: For a frame: the position (0-based) of the row it concerns, if any.
    row: Optional[int] = None

    def __str__(self) -> str:
        return self.text or f"{self.severity}: {self.message} [{self.id}]"

    @classmethod
    def _of(cls, d: Mapping[str, Any]) -> "Diagnostic":
        return cls(
            id=d["id"],
            severity=d["severity"],
            message=d["message"],
            file=d.get("file", ""),
            line=d.get("line", 0),
            column=d.get("column", 0),
            text=d.get("text", ""),
            row=d.get("row"),
        )


class Error(Exception):
    """An embargo error; ``diagnostics`` holds every problem found."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()):
        self.diagnostics = list(diagnostics)
        errors = [str(d) for d in self.diagnostics if d.severity == "error"]
        super().__init__(message + ("".join("\n  " + e for e in errors)))


class RulesError(Error):
    """The rules do not load."""


class RecordError(Error, ValueError):
    """A record given to check() or a ledger cannot be read."""


class InputError(Error, ValueError):
    """A frame cannot be screened as a whole (a missing column, a column of
    the wrong type); nothing was judged and the frame is untouched."""


def _diagnostics(raw: Iterable[Mapping[str, Any]]) -> list[Diagnostic]:
    return [Diagnostic._of(d) for d in raw]


@dataclass(frozen=True)
class Finding:
    """What one measure said of a record."""

    measure: str
    #: The regime whose measure it is, e.g. ``un/somalia``.
    regime: str
    citation: str
    status: str
    exemption: Optional[str]
    reason: str
    #: The cap ledger's account, when a quota counted the record.
    cap: Optional[dict] = None


@dataclass(frozen=True)
class Verdict:
    """A judged record: the most severe status over its findings, and why."""

    status: str
    findings: tuple[Finding, ...]
    #: What would settle an indeterminate verdict.
    would_settle: tuple[str, ...]
    #: The facts that are missing, by name.
    missing_facts: tuple[str, ...]
    #: What the rules do not screen for (an unrestricted verdict is not "lawful").
    not_screened: tuple[str, ...]
    _data: dict = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict:
        """The record and verdict as ``embargo check --format json`` prints one shipment."""
        return json.loads(json.dumps(self._data))

    @classmethod
    def _of(cls, text: str) -> "Verdict":
        d = json.loads(text)
        findings = tuple(
            Finding(
                measure=f["measure"],
                regime=f["regime"],
                citation=f["citation"],
                status=f["status"],
                exemption=f.get("exemption"),
                reason=f["reason"],
                cap=f.get("cap"),
            )
            for f in d.get("findings", [])
        )
        return cls(
            status=d["verdict"],
            findings=findings,
            would_settle=tuple(d.get("would_settle", [])),
            missing_facts=tuple(d.get("missing_facts", [])),
            not_screened=tuple(d.get("not_screened", [])),
            _data=d,
        )


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _record_cells(
    hs: str,
    exporter: str,
    importer: str,
    date: str,
    origin: Optional[str],
    quantity: Any,
    unit: Optional[str],
    value_usd: Any,
    id: Optional[str],
    facts: Optional[Mapping[str, Any]],
) -> list[tuple[str, str]]:
    cells = [("hs_code", _cell(hs)), ("exporter", exporter), ("importer", importer), ("date", _cell(date))]
    for name, value in (("id", id), ("origin", origin), ("quantity", quantity), ("unit", unit), ("value_usd", value_usd)):
        if value is not None:
            cells.append((name, _cell(value)))
    for name, value in (facts or {}).items():
        if value is not None:
            cells.append((name, _cell(value)))
    return cells


def _shipment_cells(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    known = {"hs", "hs_code", "exporter", "importer", "date", "origin", "quantity", "unit", "value_usd", "id", "facts"}
    extra = set(record) - known
    if extra:
        raise TypeError(f"unknown keys {sorted(extra)}; facts go under 'facts'")
    return _record_cells(
        record.get("hs_code", record.get("hs")),
        record.get("exporter"),
        record.get("importer"),
        record.get("date"),
        record.get("origin"),
        record.get("quantity"),
        record.get("unit"),
        record.get("value_usd"),
        record.get("id"),
        record.get("facts"),
    )


class Engine:
    """Compiled rules: immutable, and safe to share between threads."""

    def __init__(self, native: Any, warnings: Sequence[Diagnostic]):
        self._native = native
        #: What the loader warned of.
        self.warnings = list(warnings)

    @property
    def origin(self) -> str:
        """Where the rules came from: ``built-in un/dprk`` or a directory."""
        return self._native.origin

    @property
    def regime(self) -> str:
        """The regimes' names, e.g. ``un/dprk`` or ``un/car, un/dprk, ...``."""
        return self._native.regime

    def __repr__(self) -> str:
        return f"<embargo.Engine {self.regime} from {self.origin}>"

    def check(
        self,
        hs: str,
        exporter: str,
        importer: str,
        date: str,
        origin: Optional[str] = None,
        quantity: Any = None,
        unit: Optional[str] = None,
        value_usd: Any = None,
        id: Optional[str] = None,
        facts: Optional[Mapping[str, Any]] = None,
    ) -> Verdict:
        """Judges one record, as ``embargo check`` does.

        ``hs`` is an HS code as text ("2710.19", "271019"); countries are
        ISO alpha-2; ``date`` a day, month or year ("2018-03"). ``facts``
        names the regime's facts (``{"product": "diesel"}``). Raises
        RecordError with the diagnostics when the record cannot be read.
        """
        cells = _record_cells(hs, exporter, importer, date, origin, quantity, unit, value_usd, id, facts)
        text, raw = _embargo.check(self._native, cells)
        if text is None:
            raise RecordError("the record cannot be read", _diagnostics(raw))
        return Verdict._of(text)

    def screen(
        self,
        df: Any,
        *,
        threads: Optional[int] = None,
        max_capped_rows: int = DEFAULT_MAX_CAPPED_ROWS,
    ) -> Any:
        """Screens a pandas DataFrame, as ``embargo screen`` screens a file.

        Returns a new frame (the input is not changed) with the columns
        ``verdict``, ``regimes`` and ``measures`` (names and ids joined by
        ";"), ``citations`` ("; ")
        and ``reason`` (" | ") added, in the input's order and index. A row
        that cannot be read has the verdict ``unreadable`` and its reason
        says why; no row is dropped. The cap ledger revises the rows under a
        quota across the whole frame. Judged in C++ with the GIL released, on
        ``threads`` threads (None: every core).

        ``result.attrs["embargo"]`` holds ``summary`` (the command's text),
        ``caps`` (the cap report as a dict, or None without quotas),
        ``stats`` and ``warnings`` (Diagnostics). Raises InputError when the
        frame cannot be judged at all (a missing column, an HS code column of
        numbers), before judging anything.
        """
        out, raw = _screen_frame(self, df, threads, True, max_capped_rows)
        return out

    def ledger(self) -> "Ledger":
        """A cap ledger for records fed over time."""
        return Ledger(self)


def load(rules: Optional[str] = None, regimes: Optional[Sequence[str]] = None) -> Engine:
    """The built-in rules (every UN regime), or those in directory ``rules``
    (a regime, or a directory of regimes), judged together.

    ``regimes`` keeps only the named ones (``["un/somalia"]``), as
    ``embargo --regime`` does. Raises RulesError, with every diagnostic
    (file, line, column, id, message), when the rules do not load.
    """
    native, raw = _embargo.load(None if rules is None else str(rules), list(regimes or []))
    diagnostics = _diagnostics(raw)
    if native is None:
        raise RulesError(f"the rules in {rules or 'built-in rules/un'} cannot be loaded", diagnostics)
    return Engine(native, diagnostics)


class Ledger:
    """A cap ledger kept across calls: open balances, feed batches, read balances.

    ``feed`` judges a batch and counts it after every batch fed before,
    ordered by period within the batch (``docs/ledger.md``): the record
    that takes a cap past its limit, and every later one in that period,
    becomes ``prohibited``.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self._native = _embargo.Ledger(engine._native)

    def open(self, exemption: str, period_start: str, used: Sequence[float]) -> None:
        """Opens a cap period with what was used before: one amount per limit
        of the quota, in its order and units. Raises Error when it cannot."""
        raw = self._native.open(exemption, period_start, [float(u) for u in used])
        diagnostics = _diagnostics(raw)
        if any(d.severity == "error" for d in diagnostics):
            raise Error(f"cannot open {exemption} from {period_start}", diagnostics)

    def feed(self, records: Iterable[Mapping[str, Any]]) -> list[Verdict]:
        """Judges and counts a batch of records (dicts with the keys of
        Engine.check). Raises RecordError, counting nothing, when one cannot
        be read; each diagnostic's ``row`` is its place in the batch."""
        cells = [_shipment_cells(r) for r in records]
        texts, raw = self._native.feed(cells)
        diagnostics = _diagnostics(raw)
        if any(d.severity == "error" for d in diagnostics):
            raise RecordError("records cannot be read; nothing was counted", diagnostics)
        return [Verdict._of(t) for t in texts]

    def balances(self) -> list[dict]:
        """Every quota and period used so far: the cap report's rows as dicts."""
        return json.loads(self._native.report("json"))["caps"]

    def report(self, format: str = "text") -> str:
        """The cap report as ``embargo screen --caps`` prints it (``text`` or ``json``)."""
        return self._native.report(format)


# --- Frames -----------------------------------------------------------------

_HS_COLUMNS = ("hs_code", "hs")


def _column_cells(name: str, column: Any) -> list:
    import pandas as pd

    key = name.strip().lower()
    kind = column.dtype.kind
    if key in _HS_COLUMNS and kind in "iuf":
        raise InputError(
            f"column {name!r} holds numbers ({column.dtype}); HS codes are text, and as numbers "
            f"0101 reads as 101: read the file with dtype=str (pandas.read_csv(..., dtype=str))"
        )
    if kind == "M":
        text = column.dt.strftime("%Y-%m-%d")
        return text.astype(object).where(column.notna(), None).tolist()
    if isinstance(column.dtype, pd.PeriodDtype):
        return column.astype(str).astype(object).where(column.notna(), None).tolist()
    return column.astype(object).where(column.notna(), None).tolist()


def _screen_frame(engine: Engine, df: Any, threads: Optional[int], apply_ledger: bool, max_capped_rows: int):
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"screen() takes a pandas DataFrame, not {type(df).__name__}")
    names: list[str] = []
    columns: list[list] = []
    for i, name in enumerate(df.columns):
        if not isinstance(name, str):
            raise InputError(f"column {name!r} is not named by a string")
        if name == _ROW_COLUMN:
            raise InputError(f"column {_ROW_COLUMN!r} is embargo's own")
        if name.strip().lower() in VERDICT_COLUMNS:
            continue  # replaced, as the command replaces them
        names.append(name)
        columns.append(_column_cells(name, df.iloc[:, i]))
    raw = _embargo.screen(
        engine._native,
        names,
        columns,
        0 if threads is None else int(threads),
        apply_ledger,
        int(max_capped_rows),
    )
    diagnostics = _diagnostics(raw["diagnostics"])
    status = raw["status"]
    if status == "unreadable":
        raise InputError("the frame cannot be screened", diagnostics)
    if status != "done":
        raise Error(f"the screen stopped ({status}) {raw['error']}".strip(), diagnostics)
    out = df.copy(deep=False)
    for c in VERDICT_COLUMNS:
        for existing in [n for n in out.columns if isinstance(n, str) and n.strip().lower() == c]:
            del out[existing]
        out[c] = raw[c]
    out.attrs = dict(out.attrs)
    out.attrs["embargo"] = {
        "summary": raw["summary"],
        "caps": json.loads(raw["caps"])["caps"] if raw["caps"] else None,
        "stats": raw["stats"],
        "warnings": diagnostics,
        "rules": engine.origin,
    }
    return out, raw
