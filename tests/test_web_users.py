"""Accounts of the workspace: no page without login once a user exists, each role its rights."""

from __future__ import annotations

import io
import sys

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")
from fastapi.testclient import TestClient  # noqa: E402

from pipeline.web.app import Config, create_app  # noqa: E402
from pipeline.web.workspace import Workspace  # noqa: E402

PASSWORD = "пароль-1234"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from pipeline.cli import main

    store = tmp_path_factory.mktemp("users") / "ordex.sqlite"
    ws = Workspace(store)
    ws.add_user("clerk", "clerk", PASSWORD)
    ws.add_user("boss", "admin", PASSWORD)
    ws.close()
    stdin, sys.stdin = sys.stdin, io.StringIO(PASSWORD + "\n")
    try:
        assert main(["users", "add", "control", "--role", "controller", "--password-stdin", "--store", str(store)]) == 0
    finally:
        sys.stdin = stdin
    return create_app(Config(store=store, user="local"))


def client(app, name=None):
    c = TestClient(app)
    c.headers["X-CSRF-Token"] = app.state.csrf
    if name:
        r = c.post("/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
    return c


@pytest.mark.parametrize("path", ["/", "/register", "/documents/1", "/documents/1/draft", "/users"])
def test_no_page_without_login(app, path):
    r = client(app).get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_no_api_without_login_and_a_wrong_password_is_refused(app):
    c = client(app)
    assert c.get("/api/documents").status_code == 401
    assert c.patch("/api/documents/1", json={}).status_code == 401
    assert c.post("/login", json={"name": "clerk", "password": "не тот"}).status_code == 401
    assert c.get("/login").status_code == 200


def test_passwords_are_hashed(app):
    ws = app.state.workspace
    stored = ws.db.execute("SELECT password_hash FROM ws_users WHERE name='clerk'").fetchone()[0]
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_a_clerk_reviews_but_reaches_neither_admin_pages_nor_the_register(app):
    c = client(app, "clerk")
    assert c.get("/").status_code == 200
    r = c.post("/api/documents", files={"file": ("a.txt", "ПРИКАЗ\n\n1. Директору обеспечить проверку.\n".encode())})
    assert r.status_code == 200, r.text
    doc = r.json()["id"]
    assert c.patch(f"/api/documents/{doc}", json={"state": "checked"}).json()["author"] == "clerk"
    assert c.get("/users").status_code == 403
    assert c.post("/api/register/1/done", json={}).status_code == 403


def test_a_controller_marks_the_register_but_does_not_correct(app):
    c = client(app, "control")
    rows = c.get("/api/register").json()
    assert rows
    assert c.post(f"/api/register/{rows[0]['id']}/done", json={"note": "да"}).json()["author"] == "control"
    assert c.patch("/api/documents/1", json={"state": "problem"}).status_code == 403


def test_an_admin_sees_the_users_and_logging_out_ends_the_session(app):
    c = client(app, "boss")
    page = c.get("/users").text
    assert "clerk" in page and "controller" in page
    assert c.post("/logout", json={}).status_code == 200
    assert c.get("/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_http_only_and_same_site(app):
    c = TestClient(app)
    c.headers["X-CSRF-Token"] = app.state.csrf
    r = c.post("/login", json={"name": "clerk", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
