"""The inbox under hostile names, links, slow copies, dying workers and a full disk (issue 15)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipeline.inbox import MAX_NAME_BYTES, Inbox
from pipeline.journal import Journal
from tests.test_inbox import drop, everything_accounted_for, order, run_once


def journal_of(inbox: Path):
    j = Journal(inbox / ".ordex" / "journal.sqlite")
    entries = j.all()
    j.close()
    return entries


def test_long_names_get_short_hashed_outputs_and_quarantine(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    long_good = "Об утверждении " + "положения" * 12 + ".txt"  # 250 bytes: fits the file system, not its copies
    long_bad = "О" * 118 + ".docx"  # 118 Cyrillic letters: quarantine names pass 255 bytes
    assert len(os.fsencode(long_good)) <= 255 < len(os.fsencode(f".{long_bad}.error.txt.abcdefgh.tmp"))
    drop(inbox, long_good, order(1))
    drop(inbox, long_bad, b"not a zip at all")
    run_once(inbox, out)
    everything_accounted_for(inbox, out, [long_good, long_bad])
    states = {e.name: e.state for e in journal_of(inbox)}
    assert states == {long_good: "done", long_bad: "failed"}
    for p in [*out.iterdir(), *(inbox / "quarantine").iterdir()]:
        assert len(os.fsencode(p.name)) <= MAX_NAME_BYTES + len(".error.txt")


def test_newline_in_name_stays_out_of_outputs_and_error_file(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    drop(inbox, "плохой\nфайл.docx", b"not a zip")
    drop(inbox, "хороший\nфайл.txt", order(2))
    run_once(inbox, out)
    names = [p.name for p in [*out.iterdir(), *(inbox / "quarantine").iterdir()]]
    assert names and not any("\n" in n for n in names)
    [error_file] = (inbox / "quarantine").glob("*.error.txt")
    first_line = error_file.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("Файл: ") and "\\n" in first_line


def test_symlink_is_quarantined_unread(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(order(3), encoding="utf-8")
    (inbox / "ссылка.txt").symlink_to(secret)
    run_once(inbox, out)
    assert not list(out.glob("*.json")), "a file outside the inbox was read"
    [entry] = journal_of(inbox)
    assert entry.state == "failed" and entry.error_code == "refused" and "ссылка" in entry.error
    assert (inbox / "quarantine" / "ссылка.txt").is_symlink()
    assert secret.exists()


def test_slow_copy_is_taken_only_when_complete(tmp_path):
    """A slow network copy: a chunk every 1.5 s.  With the default settle the file is read
    once, whole."""
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    text = order(4).encode("utf-8")
    step = len(text) // 4 + 1
    chunks = [text[i : i + step] for i in range(0, len(text), step)]
    path = inbox / "медленно.txt"

    def writer():
        for chunk in chunks:
            with open(path, "ab") as fh:
                fh.write(chunk)
            time.sleep(1.5)

    t = threading.Thread(target=writer)
    t.start()
    time.sleep(0.2)
    box = Inbox(inbox, out, log=io.StringIO())
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and not list(out.glob("*.json")):
        box.scan()
        time.sleep(0.5)
    t.join()
    box.close()
    assert (out / "медленно.json").exists()
    [entry] = journal_of(inbox)
    assert entry.state == "done" and entry.sha256 == hashlib.sha256(text).hexdigest()  # the whole file
    assert box.settle >= 5


def test_file_rewritten_during_extraction_is_not_moved(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    path = drop(inbox, "a.txt", order(5))
    box = Inbox(inbox, out, settle=0, log=io.StringIO())
    entry = box._claim(path)
    path.write_text(order(5) + "3. Ещё пункт.\n", encoding="utf-8")  # the writer went on
    box._finish(path, entry, lambda: {"x": 1})
    assert path.exists() and not list(out.glob("*.json"))
    box.run(once=True)
    box.close()
    everything_accounted_for(inbox, out, ["a.txt"])


def _worker_pids(box: Inbox) -> list[int]:
    box._pool.submit(os.getpid).result()  # the workers are started
    return list(box._pool._processes)


def test_dead_worker_pool_is_recreated_and_files_done(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    names = [f"d{i}.txt" for i in range(4)]
    for i, n in enumerate(names):
        drop(inbox, n, order(10 + i))
    box = Inbox(inbox, out, settle=0, workers=2, log=io.StringIO())
    os.kill(_worker_pids(box)[0], signal.SIGKILL)  # as the OOM killer does
    time.sleep(0.5)
    box.run(once=True)
    # and once more while the workers extract
    for i in range(4, 8):
        drop(inbox, f"d{i}.txt", order(10 + i))
        names.append(f"d{i}.txt")
    pids = _worker_pids(box)
    threading.Timer(0.05, lambda: os.kill(pids[-1], signal.SIGKILL)).start()
    box.run(once=True)
    box.close()
    everything_accounted_for(inbox, out, names)
    assert {e.state for e in journal_of(inbox)} == {"done"}


def test_once_fails_on_full_output_and_stuck_file_logged_once(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    out.write_text("a file where the output folder should be")
    for i in range(3):
        drop(inbox, f"f{i}.txt", order(20 + i))
    log = io.StringIO()
    box = Inbox(inbox, out, settle=0, log=log)
    for _ in range(10):
        box.scan()
    box.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 3, lines  # one line per stuck file, not one per scan
    assert len([e for e in journal_of(inbox)]) == 3
    cmd = [sys.executable, "-m", "pipeline.cli", "watch", str(inbox), "--out", str(out), "--once",
           "--settle", "0", "--no-register", "--store", str(tmp_path / "s.sqlite")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "оставлены" in proc.stderr


def test_hidden_document_name_is_logged_once(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    drop(inbox, "..txt", order(6))
    log = io.StringIO()
    box = Inbox(inbox, out, settle=0, log=log)
    for _ in range(3):
        box.scan()
    box.close()
    [line] = log.getvalue().splitlines()
    assert json.loads(line)["file"] == "..txt" and "переименуйте" in line
