#!/usr/bin/env python3
"""The Python module against the command, in one run: rows per second for
`Engine.screen` on a DataFrame and for `embargo.dask.screen` with one and two
workers, beside `embargo screen` on the same rows.

    PYTHONPATH=build/x/python python3 bench/python_bench.py --cli build/x/embargo [--table T.csv]

Without --table, the table is the worked examples repeated to --lines rows
(every verdict, facts, caps). Prints a Markdown table; ratios are to the
command's wall time in this run. Not a test: nothing here asserts a speed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import embargo

try:
    import embargo.dask
except ImportError:  # dask missing: the Dask rows are left out
    pass

ROOT = Path(__file__).resolve().parents[1]


def wall(f):
    t = time.perf_counter()
    r = f()
    return time.perf_counter() - t, r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--table", type=Path)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--files", type=int, default=8, help="files the Dask input is split into")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="embargo-pybench-"))
    try:
        table = args.table
        if table is None:
            seed = pd.read_csv(ROOT / "examples" / "worked-examples.csv", dtype=str, keep_default_na=False)
            seed = seed.drop(columns=["expected", "citation", "why"])
            reps = -(-args.lines // len(seed))
            frame = pd.concat([seed] * reps, ignore_index=True).iloc[: args.lines]
            table = work / "table.csv"
            frame.to_csv(table, index=False)
        rows = sum(1 for _ in open(table, "rb")) - 1
        size = table.stat().st_size

        cmd_s, _ = wall(lambda: subprocess.run(
            [args.cli, "screen", str(table), "-o", str(work / "out.csv"), "--no-summary", "--no-progress",
             "--threads", str(args.threads)], check=False))
        read_s, frame = wall(lambda: pd.read_csv(table, dtype=str, keep_default_na=False))
        engine = embargo.load()
        screen_s, judged = wall(lambda: engine.screen(frame, threads=args.threads))
        assert len(judged) == rows

        results = [("`embargo screen --threads %d` (the file)" % args.threads, cmd_s),
                   ("`Engine.screen(df, threads=%d)` (the frame in memory)" % args.threads, screen_s),
                   ("`pandas.read_csv(dtype=str)` of the file (not counted above)", read_s)]
        try:
            import dask.dataframe as dd
            from distributed import Client, LocalCluster

            parts = work / "parts"
            parts.mkdir()
            chunk = -(-rows // args.files)
            for i in range(args.files):
                frame.iloc[i * chunk:(i + 1) * chunk].to_csv(parts / f"part-{i:02d}.csv", index=False)
            for workers in (1, 2):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
                with Client(cluster):
                    ddf = dd.read_csv(str(parts / "part-*.csv"), dtype=str, keep_default_na=False)
                    s, n = wall(lambda: len(embargo.dask.screen(ddf).compute()))
                    assert n == rows
                cluster.close()
                results.append((f"`embargo.dask.screen`, {workers} worker(s), reading the CSV files", s))
        except ImportError:
            print("dask or distributed missing: no Dask rows", file=sys.stderr)

        print(f"{rows:,} rows, {size / 1e6:.0f} MB; {os.cpu_count()} CPUs\n")
        print("| what | wall | rows/s | ratio to the command |")
        print("|---|---:|---:|---:|")
        for what, s in results:
            print(f"| {what} | {s:.2f} s | {rows / s / 1e6:.2f} M | {cmd_s / s:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
