#!/usr/bin/env python3
"""What users do today, in pandas: merge the customs table with a prefix list
of the measures (exported from the rule set by `embargo-bench-data prefixes`)
on code prefixes, filter by direction and date, and write every line with a
flag and the measures that hit it.

    pandas_screen.py TRADE.csv PREFIXES.csv OUT.csv

Written to be as fast as pandas allows: codes and every other column read as
strings (codes keep their leading zeros), one vectorised merge per HS level,
no Python loop over rows. Flag: `flagged` when an unconditional, undisputed
measure covers the line's code; `check` when only a conditional or disputed
one does, or the code is coarser than a listed prefix; empty otherwise.
Exemptions and conditions do not fit a prefix list.
"""
import sys

import pandas as pd


def main(trade_csv, prefixes_csv, out_csv):
    trade = pd.read_csv(trade_csv, dtype=str, keep_default_na=False)
    prefixes = pd.read_csv(prefixes_csv, dtype=str, keep_default_na=False)
    prefixes["length"] = prefixes["prefix"].str.len()
    prefixes["certain"] = (prefixes["conditional"] == "0") & (prefixes["disputed"] == "0")

    # Only lines that involve the target can be hit.
    lines = trade.loc[(trade["exporter"] == "KP") | (trade["importer"] == "KP"),
                      ["hs_code", "exporter", "importer", "date"]]
    lines = lines.assign(line=lines.index, code_length=lines["hs_code"].str.len())

    hits = []
    for length, group in prefixes.groupby("length"):
        # The line's code lies under a prefix of this length.
        finer = lines[lines["code_length"] >= length]
        finer = finer.assign(key=finer["hs_code"].str.slice(0, length))
        hits.append(finer.merge(group, left_on="key", right_on="prefix"))
        # The line's code is coarser than the prefix (27 against 2709).
        coarser = lines[lines["code_length"] < length]
        for code_length, part in coarser.groupby("code_length"):
            cut = group.assign(key=group["prefix"].str.slice(0, code_length), certain=False)
            hits.append(part.assign(key=part["hs_code"]).merge(cut, on="key"))
    hits = pd.concat(hits, ignore_index=True)

    direction = (((hits["direction"] != "from-target") & (hits["importer"] == "KP")) |
                 ((hits["direction"] != "to-target") & (hits["exporter"] == "KP")))
    in_force = ((hits["date"] + "-01" < hits["until"]) & (hits["date"] + "-31" >= hits["from"]))
    hits = hits.loc[direction & in_force, ["line", "measure", "citation", "certain"]]
    hits = hits.drop_duplicates(["line", "measure"])

    by_line = hits.groupby("line", sort=False)
    flags = pd.DataFrame({
        "flag": by_line["certain"].max().map({True: "flagged", False: "check"}),
        "measures": by_line["measure"].agg(";".join),
        "citations": by_line["citation"].agg(";".join),
    })
    out = trade.join(flags)
    out[["flag", "measures", "citations"]] = out[["flag", "measures", "citations"]].fillna("")
    out.to_csv(out_csv, index=False)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
