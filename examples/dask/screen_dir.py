#!/usr/bin/env python3
"""Screens a directory of CSV files on a Dask cluster of two worker
processes on loopback, and writes the judged rows as CSV partitions plus a
summary.

    python3 examples/dask/screen_dir.py IN_DIR OUT_DIR [--rules DIR]

IN_DIR holds CSV files in `embargo screen`'s columns (hs_code, exporter,
importer, date, ...). OUT_DIR receives part-0.csv, part-1.csv, ... (one per
input partition, the verdict columns added) and summary.json; the summary is
also printed. The cap ledger runs once over the rows under a quota of every
file, so a cap exhausted by deliveries in different files is exhausted.
"""

import argparse
import json
import sys
from pathlib import Path

import dask.dataframe as dd
from distributed import Client, LocalCluster

import embargo.dask


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rules", help="a rules directory (default: the built-in UN DPRK rules)")
    args = parser.parse_args()
    files = sorted(args.input.glob("*.csv"))
    if not files:
        print(f"screen_dir: no *.csv in {args.input}", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    with Client(cluster):
        # Every cell as text: an HS code such as 0101 must not become 101.
        trade = dd.read_csv([str(f) for f in files], dtype=str, keep_default_na=False)
        judged = embargo.dask.screen(trade, args.rules).persist()
        judged.to_csv(str(args.output / "part-*.csv"), index=False)
        summary = embargo.dask.summary(judged)
    cluster.close()

    (args.output / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"rows: {summary['rows']}")
    for status, row in summary["by_verdict"].items():
        value = "" if row["value_usd"] is None else f"  USD {row['value_usd']:,.0f}"
        print(f"  {status:<14} {row['rows']:>8}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
