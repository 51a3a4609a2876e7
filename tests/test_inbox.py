"""The inbox service: every file exactly once, through duplicates, faults and kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.inbox import Inbox, InboxBusy
from pipeline.journal import Journal
from pipeline.register import Register

ORDER = """ПРИКАЗ
{day:02d}.03.2026 № {n}
О проведении проверки {n}
ПРИКАЗЫВАЮ:
1. Заместителю директора Иванову И.И. провести проверку журналов в срок до 30.04.2026.
2. Контроль за исполнением приказа оставляю за собой.
Директор А.А. Петров
"""


def order(n: int) -> str:
    return ORDER.format(day=n % 28 + 1, n=n)


def drop(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def run_once(inbox: Path, out: Path, **kw) -> Inbox:
    box = Inbox(inbox, out, settle=0, log=open(os.devnull, "w"), **kw)
    box.run(once=True)
    box.close()
    return box


def everything_accounted_for(inbox: Path, out: Path, names: list[str]) -> None:
    """Each input is either processed with exactly one output, or quarantined with a reason."""
    journal = Journal(inbox / ".ordex" / "journal.sqlite")
    entries = journal.all()
    journal.close()
    by_name: dict[str, list] = {}
    for e in entries:
        by_name.setdefault(e.name, []).append(e)
    outputs = sorted(p.stem for p in out.glob("*.json"))
    assert len(outputs) == len(set(outputs))
    for name in names:
        assert name in by_name, f"{name} was never journaled"
        assert not (inbox / name).exists(), f"{name} still in the inbox"
        final = [e for e in by_name[name] if e.moved_to]
        assert len(final) == 1, f"{name}: {[(e.state, e.moved_to) for e in by_name[name]]}"
        e = final[0]
        assert (inbox / e.moved_to).exists()
        if e.state == "done":
            assert (out / f"{e.output}.json").exists()
        elif e.state == "failed":
            assert Path(str(inbox / e.moved_to) + ".error.txt").exists()
    done_outputs = sorted(e.output for e in entries if e.state == "done")
    assert done_outputs == outputs


def test_files_processed_and_moved(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    names = [f"приказ {i}.txt" for i in range(5)]
    for i, n in enumerate(names):
        drop(inbox, n, order(i))
    drop(inbox, "~$приказ.docx", b"lock")
    drop(inbox, "download.part", b"half")
    run_once(inbox, out)
    everything_accounted_for(inbox, out, names)
    assert (inbox / "~$приказ.docx").exists() and (inbox / "download.part").exists()
    data = json.loads((out / "приказ 0.json").read_text(encoding="utf-8"))
    assert data["source"]["format"] == "txt"


def test_identical_content_processed_once_and_same_name_new_content_is_new(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    drop(inbox, "a.txt", order(1))
    drop(inbox, "copy of a.txt", order(1))
    run_once(inbox, out)
    drop(inbox, "a.txt", order(2))  # same name, new content
    run_once(inbox, out)
    drop(inbox, "a.docx", b"PK\x03\x04 broken")  # same stem, another format: fails, no overwrite
    run_once(inbox, out)
    journal = Journal(inbox / ".ordex" / "journal.sqlite")
    states = [(e.name, e.state, e.output) for e in journal.all()]
    journal.close()
    assert states[0] == ("a.txt", "done", "a")
    assert states[1][1] == "duplicate"
    assert states[2] == ("a.txt", "done", "a-2")
    assert states[3][1] == "failed"
    assert sorted(p.name for p in out.glob("*.json")) == ["a-2.json", "a.json"]
    assert len(list((inbox / "quarantine").glob("*.error.txt"))) == 1


def test_bad_file_quarantined_with_reason(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    drop(inbox, "пустой.txt", b"")
    run_once(inbox, out)
    reason = (inbox / "quarantine" / "пустой.txt.error.txt").read_text(encoding="utf-8")
    assert "пуст" in reason
    assert (inbox / "quarantine" / "пустой.txt").exists()


def test_second_watcher_refuses(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    first = Inbox(inbox, tmp_path / "out", settle=0)
    first.lock()
    second = Inbox(inbox, tmp_path / "out", settle=0)
    with pytest.raises(InboxBusy):
        second.lock()
    second.close()
    first.close()


def test_file_still_being_written_is_not_taken(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    box = Inbox(inbox, tmp_path / "out", settle=0.5, log=open(os.devnull, "w"))
    path = drop(inbox, "x.txt", order(1)[:20])
    assert box.ready() == []
    time.sleep(0.2)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(order(1)[20:])
    assert box.ready() == []  # changed: the clock starts again
    time.sleep(0.6)
    assert box.ready() == [path]
    box.close()


def test_output_failure_keeps_input(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    out.write_text("a file where the output folder should be")  # the output cannot be written
    drop(inbox, "a.txt", order(1))
    run_once(inbox, out)
    assert (inbox / "a.txt").exists()
    journal = Journal(inbox / ".ordex" / "journal.sqlite")
    [entry] = journal.all()
    journal.close()
    assert entry.error_code == "output_unavailable" and "оставлен" in entry.error
    out.unlink()  # once the output can be written the file is processed normally
    run_once(inbox, out)
    everything_accounted_for(inbox, out, ["a.txt"])


def test_register_records_obligations(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    reg = Register(tmp_path / "store.sqlite")
    drop(inbox, "a.txt", order(1))
    box = Inbox(inbox, out, settle=0, log=open(os.devnull, "w"),
                on_result=lambda entry, result: reg.add_document(entry.output, result))
    box.run(once=True)
    box.close()
    result = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert len(reg.rows()) == len(result["obligations"])
    reg.close()


@pytest.mark.slow
def test_kill_minus_nine_mid_burst_loses_and_repeats_nothing(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    names = [f"doc{i:04d}.txt" for i in range(1000)]  # a burst of 1,000 files
    for i, n in enumerate(names):
        drop(inbox, n, order(i))
    drop(inbox, "broken.docx", b"not a zip at all")
    names.append("broken.docx")
    cmd = [sys.executable, "-m", "pipeline.cli", "watch", str(inbox), "--out", str(out),
           "--settle", "0", "--poll", "--interval", "0.1", "--store", str(tmp_path / "store.sqlite")]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.json"))) < 60:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(list(out.glob("*.json"))) < 1000, "the kill came too late to test anything"
    subprocess.run(cmd + ["--once"], check=True, stderr=subprocess.DEVNULL, timeout=600)
    everything_accounted_for(inbox, out, names)
