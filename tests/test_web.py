"""The workspace's API and pages through the framework's test client, over real extractions of corpus/ files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from pipeline.draft import SAMPLE_ORG  # noqa: E402
from pipeline.web.app import Config, create_app, export_gold  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ORDER = "000_815c757f2387eb24.txt"  # приказ № 89 with four clauses and a control clause
HOSTILE = "ПРИКАЗ\n\n01.02.2026 № 5\n\nО проверке <script>alert(1)</script> {{ 7*7 }} \x07\n\n1. Директору обеспечить <b>проверку</b>.\n"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    store = tmp_path_factory.mktemp("ws") / "ordex.sqlite"
    app = create_app(Config(store=store, user="Иванова"))
    client = TestClient(app)
    client.headers["X-CSRF-Token"] = app.state.csrf
    ids = {}
    for name in (ORDER, "g06_krasnodar_mingochs_270_antikorrupciya.html"):
        r = client.post("/api/documents", files={"file": (name, (CORPUS / name).read_bytes())})
        assert r.status_code == 200, r.text
        ids[name] = r.json()["id"]
    r = client.post("/api/documents", files={"file": ("hostile.txt", HOSTILE.encode())})
    ids["hostile"] = r.json()["id"]
    return app, client, store, ids


def test_upload_returns_the_id_and_the_extraction_on_the_contract(ws):
    _, client, _, ids = ws
    data = client.get(f"/api/documents/{ids[ORDER]}").json()
    assert data["document"]["number"] == "89" and data["document"]["type"] == "приказ"
    assert data["workspace"]["version"] == 0 and data["workspace"]["author"] == "ordex"
    again = client.post("/api/documents", files={"file": (ORDER, (CORPUS / ORDER).read_bytes())}).json()
    assert again == {"id": ids[ORDER], "known": True}


def test_inbox_lists_filters_and_searches_the_full_text(ws):
    _, client, _, ids = ws
    rows = {r["id"]: r for r in client.get("/api/documents").json()}
    assert rows[ids[ORDER]]["obligations"] == 4 and rows[ids[ORDER]]["state"] == "new"
    found = [r["id"] for r in client.get("/api/documents", params={"q": "мессенджер"}).json()]
    assert found == [ids[ORDER]]
    assert client.get("/api/documents", params={"q": 'мессенджер" OR *'}).status_code == 200  # no FTS syntax leaks
    assert client.get("/api/documents", params={"type": "приказ"}).json()
    page = client.get("/", params={"q": "мессенджер"}).text
    assert "Входящие" in page and "Министерство образования и науки Херсонской области" in page


def test_a_correction_is_a_new_version_the_register_and_the_chain_read(ws):
    _, client, _, ids = ws
    doc = ids[ORDER]
    data = client.get(f"/api/documents/{doc}").json()
    obligations = data["obligations"]
    obligations[1]["executors"] = ["Директор ГБОУ «Школа № 1»"]
    obligations[1]["deadline"] = {"kind": "date", "date": "2026-05-01", "text": "до 1 мая 2026 года"}
    r = client.patch(f"/api/documents/{doc}", json={"obligations": obligations, "state": "checked"})
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["author"] == "Иванова"
    assert client.get(f"/api/documents/{doc}", params={"version": 0}).json()["obligations"][1]["executors"] != ["Директор ГБОУ «Школа № 1»"]
    row = next(r for r in client.get("/api/register", params={"executor": "Школа № 1"}).json())
    assert row["due"] == "2026-05-01" and row["clause"] == obligations[1]["clause"]
    assert "Директор ГБОУ «Школа № 1»" in client.get("/register").text
    assert client.get(f"/documents/{doc}/chain").status_code == 200


@pytest.mark.parametrize("body, message", [
    ({"document": {"date": "25.03.2026"}}, "ГГГГ-ММ-ДД"),
    ({"obligations": [{"action": "", "executors": []}]}, "не указано действие"),
    ({"obligations": [{"action": "x", "modality": "maybe"}]}, "модальность"),
    ({"state": "lost"}, "состояние"),
])
def test_a_bad_correction_is_refused_with_a_clear_message_and_nothing_stored(ws, body, message):
    _, client, _, ids = ws
    before = client.get(f"/api/documents/{ids[ORDER]}").json()["workspace"]["version"]
    r = client.patch(f"/api/documents/{ids[ORDER]}", json=body)
    assert r.status_code == 422 and message in r.json()["message"]
    assert client.get(f"/api/documents/{ids[ORDER]}").json()["workspace"]["version"] == before


def test_every_state_change_needs_the_csrf_token(ws):
    app, _, _, ids = ws
    bare = TestClient(app)
    assert bare.patch(f"/api/documents/{ids[ORDER]}", json={"state": "checked"}).status_code == 403
    assert bare.post("/api/documents", files={"file": ("a.txt", b"x")}).status_code == 403
    assert bare.post("/api/register/1/done", json={}).status_code == 403
    assert bare.get("/").status_code == 200


def test_document_text_is_shown_as_text(ws):
    _, client, _, ids = ws
    page = client.get(f"/documents/{ids['hostile']}").text
    assert "<script>alert(1)" not in page and "<b>проверку" not in page
    assert "&lt;script&gt;" in page and "{{ 7*7 }}" in page and "49" not in page
    assert "\x07" not in page.split('id="extraction"')[0]  # the control character is dropped or escaped
    assert client.get("/api/documents/999999").status_code == 404


def test_mark_done_keeps_who_when_and_the_note(ws):
    _, client, _, _ = ws
    row = client.get("/api/register").json()[0]
    r = client.post(f"/api/register/{row['id']}/done", json={"note": "исполнено письмом № 7"})
    assert r.status_code == 200 and r.json()["author"] == "Иванова"
    done = next(x for x in client.get("/api/register", params={"status": "done"}).json() if x["id"] == row["id"])
    assert done["mark"]["note"] == "исполнено письмом № 7"
    assert client.post("/api/register/999999/done", json={}).status_code == 404


@pytest.mark.parametrize("fmt, magic", [("csv", "\ufeffid;".encode()), ("xlsx", b"PK"), ("ics", b"BEGIN:VCALENDAR")])
def test_register_exports_as_the_cli(ws, fmt, magic):
    _, client, _, _ = ws
    r = client.get("/register/export", params={"fmt": fmt})
    assert r.status_code == 200 and r.content.startswith(magic)


def test_draft_from_a_stored_profile_downloads_a_docx(ws):
    from docx import Document

    _, client, _, ids = ws
    assert client.post("/api/profiles", json={"name": "школа", "toml": "[organisation]\n"}).status_code == 422
    assert client.post("/api/profiles", json={"name": "школа", "toml": SAMPLE_ORG.read_text(encoding="utf-8")}).status_code == 200
    r = client.post(f"/api/documents/{ids[ORDER]}/draft", json={"profile": "школа"})
    assert r.status_code == 200, r.text
    markup = r.json()["markup"]
    assert "@type" in markup
    docx = client.post("/api/draft.docx", json={"markup": markup})
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Об исполнении" in text
    assert "школа" in client.get(f"/documents/{ids[ORDER]}/draft").text


def test_corrections_export_is_gold_that_eval_reads(ws, tmp_path):
    from pipeline.cli import main
    from pipeline.evaluate import evaluate_dirs

    _, _, store, _ = ws
    written = export_gold(store, tmp_path / "gold")
    assert [p.name for p in written] == [f"{Path(ORDER).stem}.json"]
    gold = json.loads(written[0].read_text(encoding="utf-8"))
    assert "layout" not in gold and gold["obligations"][1]["executors"] == ["Директор ГБОУ «Школа № 1»"]
    assert main(["corrections", "export", str(tmp_path / "gold2"), "--store", str(store)]) == 0
    ev = evaluate_dirs(tmp_path / "gold", tmp_path / "gold2")
    assert ev is not None


def test_acts_of_the_store_open_in_the_workspace(ws, tmp_path):
    """A document `ordex extract --store` (or `watch`) put into the store is listed and opens from its file."""
    from pipeline.batch import run_batch
    from pipeline.store import ActStore

    _, client, store, _ = ws
    source = CORPUS / "g07_mchs_rf_626_personalnye_dannye.txt"
    with ActStore(store) as st:
        run_batch([source], tmp_path, store=st, stream=io.StringIO(), with_chain=False)
    assert "В хранилище, ещё не открыты здесь (1)" in client.get("/").text
    sha = json.loads((tmp_path / f"{source.stem}.json").read_text(encoding="utf-8"))["source"]["sha256"]
    r = client.post(f"/api/store/{sha}/open")
    assert r.status_code == 200, r.text
    assert client.get(f"/api/documents/{r.json()['id']}").json()["source"]["sha256"] == sha
    assert client.post(f"/api/store/{sha}/open").json()["known"] is True
    assert client.post("/api/store/0000/open").status_code == 404
