"""Screening a Dask DataFrame: each partition on the workers, the cap ledger once.

    >>> import dask.dataframe as dd, embargo.dask
    >>> judged = embargo.dask.screen(dd.read_csv("trade/*.csv", dtype=str))
    >>> judged.to_csv("judged/part-*.csv", index=False)

The verdicts are those ``embargo screen`` gives on the partitions' rows
concatenated in order. Rows under a quota depend on one another across
partitions, so the screen runs in two steps: every partition is judged on
the workers without the ledger, which names the rows it would take (the
rows under a quota are few); those rows alone are gathered, ordered by
partition and position, and run through one ledger on the client; their
revised verdicts go back into their partitions. The partitions are read and
judged twice (once to find the ledger's rows, once for the result) so that
memory stays that of a partition; ``persist()`` the input first to read it
once.
"""

from __future__ import annotations

import functools
from typing import Any, Optional

import pandas as pd

import embargo

_PART = "_embargo_partition"
_POS = "_embargo_position"
_LEDGER = "_embargo_ledger"


@functools.lru_cache(maxsize=8)
def _engine(rules: Optional[str]) -> embargo.Engine:
    """One engine per rules per worker process, loaded on first use."""
    return embargo.load(rules)


def _judge_partition(part: pd.DataFrame, rules: Optional[str], threads: int, partition_info=None) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    out, raw = embargo._screen_frame(_engine(rules), part, threads, False, embargo.DEFAULT_MAX_CAPPED_ROWS)
    flags = [False] * len(part)
    for r in raw["ledger_rows"]:
        flags[r] = True
    out[_LEDGER] = flags
    out[_PART] = number
    out[_POS] = range(len(part))
    return out


def _revise(part: pd.DataFrame, revised: dict, partition_info=None) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    out = part.drop(columns=[_LEDGER, _PART, _POS])
    mine = revised.get(number)
    if mine is not None:
        out = out.copy()
        for c in embargo.VERDICT_COLUMNS:
            values = out[c].to_numpy(dtype=object, copy=True)
            values[mine[_POS].to_numpy()] = mine[c].to_numpy(dtype=object)
            out[c] = values
    return out


def _with_verdict_columns(meta: pd.DataFrame) -> pd.DataFrame:
    meta = meta.drop(columns=[c for c in meta.columns if isinstance(c, str) and c.strip().lower() in embargo.VERDICT_COLUMNS])
    for c in embargo.VERDICT_COLUMNS:
        meta[c] = pd.Series(dtype=object)
    return meta


def screen(
    ddf: Any,
    rules: Optional[str] = None,
    *,
    threads: int = 1,
    max_capped_rows: int = embargo.DEFAULT_MAX_CAPPED_ROWS,
) -> Any:
    """Screens a Dask DataFrame and returns one with the verdict columns.

    ``rules``: a rules directory every worker can read (None: the built-in
    UN DPRK rules). ``threads``: threads per partition on a worker (1 suits
    one worker process per core). Computes the ledger's rows at once (a
    pass over the input); the returned frame is lazy. Raises embargo.Error
    when more than ``max_capped_rows`` rows fall under a quota.
    """
    import dask.dataframe as dd

    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"embargo.dask.screen() takes a dask DataFrame, not {type(ddf).__name__}")
    engine = _engine(rules)
    meta = _with_verdict_columns(ddf._meta.copy())
    flagged_meta = meta.copy()
    flagged_meta[_LEDGER] = pd.Series(dtype=bool)
    flagged_meta[_PART] = pd.Series(dtype="int64")
    flagged_meta[_POS] = pd.Series(dtype="int64")
    judged = ddf.map_partitions(_judge_partition, rules, threads, meta=flagged_meta)

    revised: dict = {}
    if engine._native.has_quotas:
        held = judged[judged[_LEDGER]].compute()
        if len(held) > max_capped_rows:
            raise embargo.Error(
                f"more than {max_capped_rows:,} rows fall under a quota; the cap ledger judges them "
                f"together in memory (raise max_capped_rows to screen this input whole)"
            )
        if len(held):
            held = held.sort_values([_PART, _POS], kind="stable")
            inputs = held.drop(columns=[_LEDGER, _PART, _POS, *embargo.VERDICT_COLUMNS])
            again = engine.screen(inputs.reset_index(drop=True), threads=threads, max_capped_rows=max_capped_rows)
            keys = held[[_PART, _POS]].reset_index(drop=True)
            answers = pd.concat([keys, again[list(embargo.VERDICT_COLUMNS)].reset_index(drop=True)], axis=1)
            revised = {int(p): g for p, g in answers.groupby(_PART)}
    return judged.map_partitions(_revise, revised, meta=meta)


def summary(judged: Any) -> dict:
    """Rows and value in USD by verdict over a judged Dask DataFrame, most
    severe first (computed now): ``{"rows": N, "by_verdict": {"prohibited":
    {"rows": n, "value_usd": x}, ...}}``. Values are summed as floats; rows
    without a value count as 0."""
    counts = judged["verdict"].value_counts().compute()
    out = {"rows": int(counts.sum()), "by_verdict": {}}
    value = None
    if "value_usd" in judged.columns:
        value = _valued(judged).groupby("verdict")["_embargo_value"].sum().compute()
    for status in reversed(embargo.STATUSES + (embargo.UNREADABLE,)):
        rows = int(counts.get(status, 0))
        if rows:
            out["by_verdict"][status] = {
                "rows": rows,
                "value_usd": float(value.get(status, 0.0)) if value is not None else None,
            }
    return out


def _valued(judged: Any) -> Any:
    """The frame with `_embargo_value`: value_usd as a number (empty: 0)."""
    import dask.dataframe as dd

    return judged.assign(_embargo_value=dd.to_numeric(judged["value_usd"], errors="coerce").fillna(0.0))
