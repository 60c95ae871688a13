"""The drop-folder watcher: once per file, done/ or failed/, stable files only, no double processing after a restart."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path

from connectors.engine import Engine
from connectors.mapping import list_mapping_files, load_mapping
from connectors.runner import run_file
from connectors.state import SentState
from connectors.watch import JOURNAL, Watcher

SAMPLES = Path(__file__).parent / "samples"


class CollectingSink:
    def __init__(self):
        self.events = []

    async def start(self):
        pass

    async def send(self, batch):
        self.events.extend(e.record for e in batch)

    async def stop(self):
        pass


class Processor:
    """Runs the real engine and runner into an in-memory sink, counting calls per file."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.sink = CollectingSink()
        self.calls: list[str] = []

    def __call__(self, path: Path, mapping):
        self.calls.append(path.name)
        state = SentState.for_mapping(self.data_dir, mapping.name)
        return asyncio.run(run_file(Engine(mapping), path, state, self.sink))


def drop(src: str, folder: Path, name: str | None = None, age_s: float = 60) -> Path:
    target = folder / (name or src)
    shutil.copy(SAMPLES / src, target)
    past = time.time() - age_s
    os.utime(target, (past, past))
    return target


def watcher(folder: Path, proc: Processor, **kw) -> Watcher:
    mappings = [load_mapping(p) for p in list_mapping_files()]
    return Watcher(folder, proc, mappings=mappings, stable_s=kw.pop("stable_s", 1.0), **kw)


def test_files_are_processed_once_and_moved(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = Processor(tmp_path / "data")
    drop("adda-leverantorer-cp1252.csv", inbox)
    drop("bad-date.csv", inbox, "region-uppfoljning-bad.csv")
    handled = {h.name: h for h in watcher(inbox, proc).run_once()}
    assert handled["adda-leverantorer-cp1252.csv"].outcome == "done"
    assert handled["region-uppfoljning-bad.csv"].outcome == "rejected"
    assert (inbox / "done" / "adda-leverantorer-cp1252.csv").is_file()
    assert (inbox / "done" / "adda-leverantorer-cp1252.csv.summary.txt").is_file()
    assert (inbox / "failed" / "region-uppfoljning-bad.csv").is_file()
    assert (inbox / "failed" / "region-uppfoljning-bad.csv.rejects.csv").is_file()
    assert len(proc.sink.events) == 4 + 1          # 4 suppliers, the one good audit
    journal = json.loads((inbox / JOURNAL).read_text())["files"]
    assert {e["outcome"] for e in journal.values()} == {"done", "rejected"}
    assert all(len(e["sha256"]) == 64 for e in journal.values())
    assert watcher(inbox, proc).run_once() == []   # nothing left to do


def test_no_double_processing_after_a_restart(tmp_path):
    """A crash between journal write and move leaves the file in place: a new watcher only moves it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = Processor(tmp_path / "data")
    drop("hus-toimittajat.jsonl", inbox)
    [h] = watcher(inbox, proc).run_once()
    assert h.outcome == "done" and proc.calls == ["hus-toimittajat.jsonl"]
    # Simulate the crash: the file is back where it was, the journal says it was done.
    shutil.move(str(inbox / "done" / "hus-toimittajat.jsonl"), inbox / "hus-toimittajat.jsonl")
    os.utime(inbox / "hus-toimittajat.jsonl", (time.time() - 60, time.time() - 60))
    restarted = watcher(inbox, proc)
    [again] = restarted.run_once()
    assert again.outcome == "skipped" and proc.calls == ["hus-toimittajat.jsonl"]
    assert not (inbox / "hus-toimittajat.jsonl").exists()
    assert [p.name for p in (inbox / "done").glob("hus-toimittajat*.jsonl")] == ["hus-toimittajat.jsonl"]
    assert len(proc.sink.events) == 3


def test_files_still_being_written_temp_files_and_dotfiles_wait(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = Processor(tmp_path / "data")
    w = watcher(inbox, proc, stable_s=30)
    fresh = drop("hus-toimittajat.jsonl", inbox, age_s=0)
    drop("adda-leverantorer-cp1252.csv", inbox, ".adda-leverantorer.csv")
    drop("adda-leverantorer-cp1252.csv", inbox, "adda-leverantorer.csv.part")
    drop("adda-leverantorer-cp1252.csv", inbox, "~$adda-leverantorer.xlsx")
    assert w.run_once() == [] and proc.calls == []
    with fresh.open("a") as fh:                     # still growing
        fh.write("\n")
    past = time.time() - 60
    os.utime(fresh, (past, past))
    assert w.run_once() == []                       # size changed since the last poll
    [h] = w.run_once()                              # unchanged since the last poll and old enough
    assert h.name == "hus-toimittajat.jsonl" and h.outcome == "done"


def test_unknown_file_and_unreadable_file_go_to_failed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = Processor(tmp_path / "data")
    drop("adda-leverantorer-cp1252.csv", inbox, "quarterly-report.csv")
    drop("unknown-encoding.csv", inbox, "adda-leverantorer-2.csv")
    handled = {h.name: h for h in watcher(inbox, proc).run_once()}
    assert handled["quarterly-report.csv"].outcome == "failed"
    assert "no mapping" in handled["quarterly-report.csv"].summary[0]
    assert handled["adda-leverantorer-2.csv"].outcome == "failed"
    assert "unknown encoding" in handled["adda-leverantorer-2.csv"].summary[0]
    assert sorted(p.name for p in (inbox / "failed").iterdir() if not p.name.endswith(".txt")) == [
        "adda-leverantorer-2.csv", "quarterly-report.csv"]


def test_explicit_mapping_for_every_file(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = Processor(tmp_path / "data")
    drop("sykehusinnkjop-leverandorer.csv", inbox, "export-0412.csv")
    w = Watcher(inbox, proc, mapping=load_mapping("sykehusinnkjop-leverandorer"), stable_s=1)
    [h] = w.run_once()
    assert h.outcome == "done" and len(proc.sink.events) == 3


def test_cli_watch_dry_run_leaves_files_in_place(tmp_path, monkeypatch, capsys):
    from hub.cli.main import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drop("adda-leverantorer-cp1252.csv", inbox)
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "data"))
    assert main(["connector", "watch", str(inbox), "--dry-run"]) == 0
    assert "dry run: 4 would be sent" in capsys.readouterr().out
    assert (inbox / "adda-leverantorer-cp1252.csv").is_file() and not (inbox / JOURNAL).exists()
