#!/usr/bin/env python3
"""Reads back what every public record writer wrote (writer_roundtrip.cpp)
with Python's csv and json modules, and compares it cell by cell with what
was written: a real parser, not ours, must see the same cells.

    writer_roundtrip.py WRITER DIR
"""
import csv
import json
import os
import subprocess
import sys

VERDICT_COLUMNS = ["verdict", "regimes", "measures", "citations", "reason"]


def unhex(h):
    return b"" if h == "-" else bytes.fromhex(h)


def read_expected(path):
    """Rows as [(name_bytes, kind, value)], value bytes, or for a list
    (joined_bytes, [item_bytes])."""
    rows = []
    with open(path, "rb") as f:
        for line in f.read().decode("ascii").splitlines():
            cells = []
            for item in line.split():
                name, rest = item.split("=", 1)
                kind, value = rest.split(":", 1)
                if kind == "l":
                    joined, items = value.split(":", 1)
                    cells.append((unhex(name), kind, (unhex(joined), [unhex(i) for i in items.split("+")] if items else [])))
                else:
                    cells.append((unhex(name), kind, unhex(value)))
            rows.append(cells)
    return rows


def as_csv_text(b):
    # CSV output carries the input's bytes as they are.
    return b.decode("utf-8", errors="surrogateescape")


def as_json_text(b):
    # JSON output turns each byte that is not UTF-8 into U+FFFD.
    return b.decode("utf-8", errors="replace")


failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}:\n  got  {got!r}\n  want {want!r}")


def check_csv(path, expected, columns):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        table = list(csv.reader(f, strict=True))
    name = os.path.basename(path)
    check(f"{name} header", table[0], [as_csv_text(c) for c in columns] + VERDICT_COLUMNS)
    check(f"{name} row count", len(table) - 1, len(expected))
    for r, (got, want) in enumerate(zip(table[1:], expected), start=1):
        check(f"{name} row {r} cell count", len(got), len(want))
        for c, (cell, (col, kind, value)) in enumerate(zip(got, want)):
            text = as_csv_text(value[0] if kind == "l" else value)
            check(f"{name} row {r} column {as_csv_text(col)!r} ({c})", cell, text)


def json_value(kind, value):
    if kind == "s":
        return as_json_text(value)
    if kind == "n":
        return json.loads(value) if value else None
    return [as_json_text(i) for i in value[1]]


def check_object(what, got, want):
    check(f"{what} keys", [k for k, _ in got], [as_json_text(col) for col, _, _ in want])
    for (key, cell), (col, kind, value) in zip(got, want):
        check(f"{what} key {key!r}", cell, json_value(kind, value))


def main():
    writer, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    subprocess.run([writer, out], check=True)
    expected = read_expected(os.path.join(out, "expected.txt"))
    columns = [col for col, _, _ in expected[0][: -len(VERDICT_COLUMNS)]]

    check_csv(os.path.join(out, "out.csv"), expected, columns)
    check_csv(os.path.join(out, "out-fixed.csv"), expected, columns)

    with open(os.path.join(out, "out.jsonl"), "rb") as f:
        lines = f.read().split(b"\n")
    check("out.jsonl ends with a newline", lines[-1], b"")
    lines = lines[:-1]
    check("out.jsonl row count", len(lines), len(expected))
    for r, (line, want) in enumerate(zip(lines, expected), start=1):
        got = json.loads(line.decode("utf-8"), object_pairs_hook=list)
        check_object(f"out.jsonl row {r}", got, want)

    with open(os.path.join(out, "out.json"), encoding="utf-8") as f:
        doc = json.load(f, object_pairs_hook=list)
    check("out.json row count", len(doc), len(expected))
    for r, (got, want) in enumerate(zip(doc, expected), start=1):
        check_object(f"out.json row {r}", got, want)

    with open(os.path.join(out, "empty.json"), encoding="utf-8") as f:
        check("empty.json", json.load(f), [])
    with open(os.path.join(out, "empty.csv"), newline="", encoding="utf-8", errors="surrogateescape") as f:
        check("empty.csv", list(csv.reader(f)), [[as_csv_text(c) for c in columns] + VERDICT_COLUMNS])

    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(expected)} rows read back alike from CSV (2 ways), JSON Lines and JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
