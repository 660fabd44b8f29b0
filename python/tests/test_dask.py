"""embargo.dask on a two-worker LocalCluster: the rows `embargo screen`
gives on the concatenated files, with one cap's deliveries spread across
partitions."""

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import embargo
import embargo.dask
from conftest import command_screen, petroleum_table, read_text_frame


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def split_table(tmp_path, parts: int) -> tuple:
    table = petroleum_table(120)
    table.loc[7, "hs_code"] = "27x1"  # an unreadable row in a partition
    directory = tmp_path / "in"
    directory.mkdir()
    size = -(-len(table) // parts)
    for p in range(parts):
        table.iloc[p * size : (p + 1) * size].to_csv(directory / f"part-{p:02d}.csv", index=False)
    whole = tmp_path / "whole.csv"
    table.to_csv(whole, index=False)
    return table, directory, whole


def test_dask_screen_equals_the_command_on_the_concatenated_file(client, tmp_path, cli):
    table, directory, whole = split_table(tmp_path, 5)
    ddf = dd.read_csv(str(directory / "part-*.csv"), dtype=str, keep_default_na=False)
    assert ddf.npartitions == 5
    judged = embargo.dask.screen(ddf).compute().reset_index(drop=True)
    expected = command_screen(cli, whole)
    readable = judged[judged["verdict"] != embargo.UNREADABLE].reset_index(drop=True)
    assert len(judged) == len(table)  # no row dropped
    assert judged.loc[7, "verdict"] == embargo.UNREADABLE
    for c in embargo.VERDICT_COLUMNS:
        assert readable[c].tolist() == expected[c].tolist(), c
    diesel = judged[judged["id"].str.startswith("P")]
    assert (diesel["verdict"] == "prohibited").any() and (diesel["verdict"] == "capped").any()
    # The cap runs out in a later partition than the first capped rows: a
    # per-partition ledger would have passed them.
    per_partition = pd.concat(
        [embargo.load().screen(read_text_frame(p)) for p in sorted(directory.glob("part-*.csv"))],
        ignore_index=True,
    )
    assert per_partition["verdict"].tolist() != judged["verdict"].tolist()


def test_dask_summary_counts_every_row(client, tmp_path):
    table, directory, _ = split_table(tmp_path, 3)
    judged = embargo.dask.screen(dd.read_csv(str(directory / "part-*.csv"), dtype=str, keep_default_na=False))
    s = embargo.dask.summary(judged)
    assert s["rows"] == len(table)
    assert sum(v["rows"] for v in s["by_verdict"].values()) == len(table)
    assert s["by_verdict"][embargo.UNREADABLE]["rows"] == 1
