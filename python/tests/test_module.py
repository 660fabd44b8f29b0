"""The module's API: load, check, screen, the ledger, and bad input."""

import os
import pydoc
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import embargo
from conftest import SOURCE_DIR, command_screen, petroleum_table, read_text_frame


def test_load_builds_in_every_un_regime(engine):
    names = engine.regime.split(", ")
    assert "un/dprk" in names and "un/somalia" in names and "un/iran" in names
    assert engine.origin == "built-in rules/un"
    # The Somalia charcoal ban, judged beside the DPRK's measures.
    v = engine.check(hs="4402.90", exporter="SO", importer="AE", date="2015-06")
    assert v.status == "prohibited"
    assert [(f.measure, f.regime) for f in v.findings] == [("2036/OP22", "un/somalia")]


def test_load_keeps_the_regimes_named():
    only = embargo.load(regimes=["un/somalia"])
    assert only.regime == "un/somalia"
    assert only.check(hs="2701", exporter="KP", importer="CN", origin="KP", date="2018-03").status == "unrestricted"
    with pytest.raises(embargo.RulesError) as caught:
        embargo.load(regimes=["un/atlantis"])
    assert any(d.id == "rules.unknown-regime" for d in caught.value.diagnostics)


def test_load_of_a_rules_directory(engine):
    loaded = embargo.load(str(SOURCE_DIR / "rules" / "un" / "dprk"))
    assert loaded.regime == "un/dprk"
    assert loaded.check(hs="2701", exporter="KP", importer="CN", origin="KP", date="2018-03").status == "prohibited"


def test_rules_that_do_not_load_raise_with_their_diagnostics(tmp_path):
    (tmp_path / "regime.yaml").write_text("regime: un/x\ntitle: [unclosed\n")
    with pytest.raises(embargo.RulesError) as caught:
        embargo.load(str(tmp_path))
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert errors
    first = errors[0]
    assert first.file.endswith("regime.yaml")
    assert first.line >= 1 and first.column >= 1
    assert first.id and first.message
    assert "regime.yaml" in str(caught.value)


def test_check_coal_from_the_dprk_in_2018(engine):
    v = engine.check(hs="2701", exporter="KP", importer="CN", origin="KP", date="2018-03")
    assert v.status == "prohibited"
    assert [f.measure for f in v.findings if f.status == "prohibited"] == ["2371/OP8"]
    assert v.findings[0].citation == "S/RES/2371(2017) OP8"
    d = v.to_dict()
    assert d["verdict"] == "prohibited" and d["hs_code"] and d["findings"][0]["measure"] == "2371/OP8"


def test_check_names_what_would_settle_an_indeterminate_verdict(engine):
    v = engine.check(hs="271019", exporter="CN", importer="KP", origin="CN", date="2018-04",
                     quantity=1000, unit="t")
    assert v.status == "indeterminate"
    assert v.would_settle and v.missing_facts
    settled = engine.check(hs="271019", exporter="CN", importer="KP", origin="CN", date="2018-04",
                           quantity=1000, unit="t", value_usd=700000,
                           facts={"product": "diesel", "purpose": "livelihood", "notified": True,
                                  "designated_party": False})
    assert settled.status == "capped"
    assert settled.findings[0].exemption


def test_check_of_a_bad_record_raises_with_the_field(engine):
    with pytest.raises(embargo.RecordError) as caught:
        engine.check(hs="27x1", exporter="KP", importer="CN", date="2018-03")
    assert any(d.id.startswith("hs.") for d in caught.value.diagnostics)
    with pytest.raises(embargo.RecordError) as caught:
        engine.check(hs="2701", exporter="KP", importer="CN", date="2018-03", facts={"prot": "Rajin"})
    assert any(d.id == "record.unknown-fact" for d in caught.value.diagnostics)


def test_screen_gives_the_commands_verdicts_on_the_worked_examples(engine, cli, worked_examples):
    frame = read_text_frame(worked_examples)
    judged = engine.screen(frame)
    expected = command_screen(cli, worked_examples)
    assert len(judged) == len(frame) == len(expected)
    for c in embargo.VERDICT_COLUMNS:
        assert judged[c].tolist() == expected[c].tolist(), c
    # The examples say what each should be; the screen agrees.
    assert judged["verdict"].tolist() == frame["expected"].tolist()
    assert list(judged.columns[: len(frame.columns)]) == list(frame.columns)
    assert "rows:" in judged.attrs["embargo"]["summary"]


def test_screen_applies_the_refined_petroleum_cap_across_the_frame(engine, cli, tmp_path):
    frame = petroleum_table(60)
    judged = engine.screen(frame)
    path = tmp_path / "petroleum.csv"
    frame.to_csv(path, index=False)
    expected = command_screen(cli, path)
    for c in embargo.VERDICT_COLUMNS:
        assert judged[c].tolist() == expected[c].tolist(), c
    diesel = judged[judged["id"].str.startswith("P")]
    assert (diesel["verdict"] == "capped").any()
    assert (diesel["verdict"] == "prohibited").any()
    assert diesel["reason"].str.contains("exhausted").any()
    caps = judged.attrs["embargo"]["caps"]
    assert caps and caps[0]["exemption"].startswith("2397/OP5")
    assert judged.attrs["embargo"]["stats"]["ledger_rows"] == len(diesel)


def test_screen_on_threads_gives_the_same_frame(engine):
    frame = pd.concat([petroleum_table(50)] * 40, ignore_index=True)
    one = engine.screen(frame, threads=1)
    three = engine.screen(frame, threads=3)
    pd.testing.assert_frame_equal(one, three)


def test_unreadable_rows_come_back_marked_and_nothing_is_dropped(engine):
    frame = pd.DataFrame(
        {
            "hs_code": ["2701", "27x1", "2701", "2701"],
            "exporter": ["KP", "KP", "KP", "KP"],
            "importer": ["CN", "CN", "CN", "CN"],
            "origin": ["KP", "KP", "KP", "KP"],
            "date": ["2018-03", "2018-03", "2018-13", "2018-03"],
            "quantity": [None, None, None, "abc"],
            "unit": [None, None, None, "t"],
            "notes": ["a,b", 'quoted "x"', "two\nlines", None],
        },
        index=[10, 11, 12, 13],
    )
    before = frame.copy()
    judged = engine.screen(frame)
    pd.testing.assert_frame_equal(frame, before)  # the input is not touched
    assert list(judged.index) == [10, 11, 12, 13]
    assert judged["verdict"].tolist() == ["prohibited", "unreadable", "unreadable", "unreadable"]
    assert "[hs." in judged.loc[11, "reason"]
    assert "[date." in judged.loc[12, "reason"]
    assert "[record.bad-number]" in judged.loc[13, "reason"]
    assert judged["notes"].tolist() == frame["notes"].tolist()
    stats = judged.attrs["embargo"]["stats"]
    assert stats["rows"] == 4 and stats["judged"] == 1 and stats["unreadable"] == 3


def test_a_frame_that_cannot_be_screened_raises_before_judging(engine):
    with pytest.raises(embargo.InputError) as caught:
        engine.screen(pd.DataFrame({"hs_code": ["2701"], "exporter": ["KP"], "importer": ["CN"]}))
    assert any(d.id == "record.missing-column" for d in caught.value.diagnostics)
    with pytest.raises(embargo.InputError, match="dtype=str"):
        engine.screen(pd.DataFrame({"hs_code": [2701], "exporter": ["KP"], "importer": ["CN"], "date": ["2018"]}))
    with pytest.raises(TypeError):
        engine.screen([{"hs_code": "2701"}])


def test_typed_columns_are_read_as_their_values(engine):
    frame = pd.DataFrame(
        {
            "hs_code": ["2710.19"],
            "exporter": ["CN"],
            "importer": ["KP"],
            "origin": ["CN"],
            "date": pd.to_datetime(["2018-04-02"]),
            "quantity": [1000.0],
            "unit": ["t"],
            "value_usd": [700000],
            "product": ["diesel"],
            "purpose": ["livelihood"],
            "notified": [True],
            "designated_party": [False],
        }
    )
    assert engine.screen(frame)["verdict"].tolist() == ["capped"]


def test_a_ledger_fed_over_time(engine):
    ledger = engine.ledger()
    ledger.open("2397/OP5-cap", "2018-01-01", [495_000])
    delivery = dict(hs="2710.19", exporter="CN", importer="KP", origin="CN", date="2018-03",
                    quantity=500, unit="t", value_usd=300000,
                    facts={"product": "diesel", "purpose": "livelihood", "notified": True, "designated_party": False})
    first = ledger.feed([delivery])
    assert first[0].status in ("prohibited", "capped")
    second = ledger.feed([dict(delivery, date="2018-06")] * 2)
    assert [v.status for v in second] == ["prohibited", "prohibited"]
    assert "exhausted" in second[0].findings[0].reason
    balances = ledger.balances()
    assert balances[0]["exemption"] == "2397/OP5-cap" and balances[0]["exhausted"]
    assert "2397/OP5-cap" in ledger.report()
    with pytest.raises(embargo.RecordError):
        ledger.feed([dict(delivery, hs="27x1")])
    with pytest.raises(embargo.Error):
        ledger.open("no-such-exemption", "2018-01-01", [1])


def test_help_reads_well():
    text = pydoc.render_doc(embargo, renderer=pydoc.plaintext)
    for name in ("load", "Engine", "check", "screen", "Ledger", "RulesError"):
        assert name in text
    assert (Path(embargo.__file__).parent / "__init__.pyi").exists()


def test_importable_from_an_installed_prefix(tmp_path):
    build = os.environ.get("EMBARGO_BINARY_DIR")
    if not build:
        pytest.fail("EMBARGO_BINARY_DIR is not set: run these tests through ctest")
    subprocess.run(["cmake", "--install", build, "--prefix", str(tmp_path)], check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "lib" / "python3" / "dist-packages"))
    run = subprocess.run(
        [sys.executable, "-c",
         'import embargo; print(embargo.load().check(hs="2701", exporter="KP", importer="CN", origin="KP", date="2018-03").status)'],
        env=env, capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "prohibited\n"


def test_the_readmes_python_example_prints_what_it_shows():
    readme = (SOURCE_DIR / "README.md").read_text()
    section = readme.split("## From Python and Dask", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SOURCE_DIR, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown


def test_the_dask_example_screens_a_directory(tmp_path):
    pytest.importorskip("distributed")
    source = tmp_path / "in"
    source.mkdir()
    table = petroleum_table(40)
    table.iloc[:20].to_csv(source / "a.csv", index=False)
    table.iloc[20:].to_csv(source / "b.csv", index=False)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(SOURCE_DIR / "examples" / "dask" / "screen_dir.py"), str(source), str(out)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("rows: 40\n")
    judged = pd.concat([read_text_frame(p) for p in sorted(out.glob("part-*.csv"))], ignore_index=True)
    assert len(judged) == 40 and (judged["verdict"] == "prohibited").any()
    assert (out / "summary.json").exists()
