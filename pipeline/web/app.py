"""The clerk's workspace: inbox, document review and correction, register, chain, draft.

FastAPI (OpenAPI docs at /docs) with Jinja2 pages rendered on the server and one plain
script for the document view; no build step.  Every state change is a same-origin JSON
or multipart request carrying the page's CSRF token in ``X-CSRF-Token`` (a cross-site
form cannot set a header), so no form posts without it.  Jinja2 autoescapes every page;
the document's JSON reaches the script through ``tojson`` and is put into the page with
``textContent`` only.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import Body, FastAPI, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from pipeline.web.corrections import CorrectionError, apply_correction
from pipeline.web.workspace import ROLES, STATES, Workspace

HERE = Path(__file__).resolve().parent
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# below this mean OCR word confidence (0..100) a value is shown as doubtful
LOW_OCR_CONFIDENCE = 80.0
MODALITIES = {"mandatory": "обязательно", "recommended": "рекомендовано", "requested": "просьба"}
RELATIONS = {"implements": "во исполнение", "basis": "на основании", "mentions": "упоминание"}
JSONBody = Annotated[dict, Body()]
EXPORT_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "ics": "text/calendar"}


# what each request needs: (method, path prefix) → right; the first match wins
RIGHTS = (
    ("POST", "/api/register/", "register"), ("GET", "/register", "register"), ("GET", "/api/register", "register"),
    ("GET", "/users", "admin"), ("POST", "/api/users", "admin"),
    ("POST", "/api/profiles", "draft"), ("POST", "/api/draft", "draft"), ("GET", "/documents/", "review"),
    ("POST", "/api/", "review"), ("PATCH", "/api/", "review"), ("GET", "/api/documents", "review"),
)
OPEN_PATHS = ("/login", "/static/")


def right_for(method: str, path: str) -> str | None:
    if path.endswith("/draft"):
        return "draft"
    return next((r for m, prefix, r in RIGHTS if m == method and path.startswith(prefix)), None)


@dataclass
class Config:
    store: Path          # the SQLite file of the act store (pipeline.store.store_path)
    user: str            # who corrections and marks are recorded as while the workspace has no users
    uploads: Path | None = None
    secret: str | None = None   # signs the session cookie; a new one per start logs everyone out
    https: bool = False         # session cookie only over HTTPS (set when served behind TLS)

    def __post_init__(self) -> None:
        self.uploads = self.uploads or self.store.parent / "uploads"


# C0 control characters are not text in HTML: shown as their control pictures (␇), one character
# for one, so the offsets of the source text stay those of the spans
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(32) if chr(c) not in "\n\t"} | {0x7F: 0x2421}


def visible(text: str) -> str:
    return text.translate(_CONTROL_PICTURES)


def nearest_deadline(data: dict, today: date) -> str | None:
    dates = sorted(d for o in data.get("obligations") or [] if (d := (o.get("deadline") or {}).get("date")))
    ahead = [d for d in dates if d >= today.isoformat()]
    return (ahead or dates or [None])[0]


def source_view(layout: dict) -> list[dict]:
    """Pages of the source: paragraphs and tables (rows of cells), each block with its span."""
    text = layout.get("text") or ""
    pages: list[dict] = []
    page = None
    table = None
    for b in layout.get("blocks") or []:
        if page is None or (b.get("page") and b.get("page") != page["number"]):
            page = {"number": b.get("page"), "items": []}
            pages.append(page)
            table = None
        if b["kind"] == "page_break":
            continue
        blk = {"start": b["start"], "stop": b["stop"], "text": visible(text[b["start"]:b["stop"]]),
               "low": (b.get("confidence") or 100.0) < LOW_OCR_CONFIDENCE, "part": b.get("part")}
        if b["kind"] == "cell":
            key = b.get("table")
            if table is None or table["key"] != key:
                table = {"kind": "table", "key": key, "rows": {}}
                page["items"].append(table)
            table["rows"].setdefault(b.get("row"), {}).setdefault(b.get("cell"), []).append(blk)
        else:
            table = None
            page["items"].append({"kind": "paragraph", **blk})
    for p in pages:
        for item in p["items"]:
            if item["kind"] == "table":
                item["rows"] = [list(cells.values()) for _, cells in sorted(item["rows"].items(), key=lambda kv: kv[0] or 0)]
    return pages


def create_app(config: Config) -> FastAPI:
    from pipeline.register import Register

    app = FastAPI(title="ordex: рабочее место", description="Проверка и исправление извлечённых реквизитов и поручений")
    app.state.config = config
    app.state.csrf = secrets.token_urlsafe(32)
    ws = Workspace(config.store)

    @contextmanager
    def opened_register():
        reg = Register(config.store)  # sqlite3 connections stay in the thread that opened them
        try:
            yield reg
        finally:
            reg.close()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(STATES=STATES, MODALITIES=MODALITIES, RELATIONS=RELATIONS)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def csrf_guard(request: Request, call_next):
        if request.method not in SAFE_METHODS:
            token = request.headers.get("x-csrf-token")
            if not token or not secrets.compare_digest(token, app.state.csrf):
                return JSONResponse({"error": "csrf", "message": "запрос без ключа формы отклонён: обновите страницу"},
                                    status_code=403)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path not in ("/docs", "/redoc"):  # the framework's API pages load their script from a CDN
            response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'")
        return response

    @app.middleware("http")
    async def login_required(request: Request, call_next):
        """Once a user exists (`ordex users add`), every page but the login needs a session and its role's right."""
        path = request.url.path
        request.state.user, request.state.role = config.user, "admin"
        if ws.has_users() and not path.startswith(OPEN_PATHS):
            name, role = request.session.get("user"), request.session.get("role")
            if not name:
                if path.startswith("/api/") or request.method not in SAFE_METHODS:
                    return JSONResponse({"error": 401, "message": "войдите в систему"}, status_code=401)
                return RedirectResponse("/login", status_code=303)
            right = right_for(request.method, path)
            if right and right not in ROLES.get(role, ()):
                return JSONResponse({"error": 403, "message": f"у роли «{role}» нет права «{right}»"}, status_code=403)
            request.state.user, request.state.role = name, role
        return await call_next(request)

    app.add_middleware(SessionMiddleware, secret_key=config.secret or secrets.token_urlsafe(32),
                       session_cookie="ordex_session", same_site="strict", https_only=config.https, max_age=12 * 3600)

    def page(request: Request, name: str, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"csrf": app.state.csrf, "user": request.state.user,
                                                          "role": request.state.role, "users_on": ws.has_users(), **ctx})

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request):
        return page(request, "login.html")

    @app.post("/login", summary="Вход: имя и пароль")
    def login(request: Request, body: JSONBody) -> dict:
        name = str(body.get("name") or "")
        role = ws.login(name, str(body.get("password") or ""))
        if role is None:
            raise HTTPException(401, "неверное имя или пароль")
        request.session.clear()
        request.session.update(user=name, role=role)
        return {"user": name, "role": role}

    @app.post("/logout", summary="Выход")
    def logout(request: Request) -> dict:
        request.session.clear()
        return {}

    @app.get("/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request):
        return page(request, "users.html", users=ws.users(), roles=ROLES)

    def latest(doc_id: int) -> tuple[dict, dict]:
        doc = ws.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"документа {doc_id} нет")
        return doc, ws.version(doc_id)

    def publish(stem: str, data: dict) -> None:
        """The version the chain and the register read from now on."""
        from pipeline.chain.records import record_from_json
        from pipeline.store import ActStore

        with ActStore(config.store) as st:
            st.upsert(record_from_json(stem, data))
        with opened_register() as register:
            register.add_document(stem, data)

    # --- API ---------------------------------------------------------------------------
    @app.post("/api/documents", summary="Загрузить документ: извлечь и занести во входящие; возвращает id")
    def upload(file: Annotated[UploadFile, File()]) -> dict:
        from pipeline.batch import process_file
        from pipeline.errors import OrdexError
        from pipeline.resources import shared
        from pipeline.settings import Settings

        name = Path(file.filename or "документ").name
        content = file.file.read()
        if not content:
            raise HTTPException(422, f"{name}: файл пуст")
        sha = hashlib.sha256(content).hexdigest()
        config.uploads.mkdir(parents=True, exist_ok=True)
        target = config.uploads / f"{sha[:12]}_{name}"  # kept even if it cannot be read: nothing is lost
        target.write_bytes(content)
        known = ws.by_sha().get(sha)
        if known:
            return {"id": known, "known": True}
        try:
            data = process_file(target, shared(), Settings.from_env()).to_json()
        except OrdexError as exc:
            raise HTTPException(422, f"{name}: [{exc.code}] {exc.message}") from exc
        data["source"]["path"] = name
        stems = {d["stem"] for d in ws.listing()}
        stem = Path(name).stem if Path(name).stem not in stems else f"{Path(name).stem}.{sha[:8]}"
        doc_id = ws.add(stem, name, data)
        publish(stem, data)
        return {"id": doc_id, "known": False}

    def not_opened() -> list:
        """Acts the store knows (from `ordex watch`, `ordex extract --store`) not yet in the workspace."""
        from pipeline.store import ActStore

        with ActStore(config.store) as st:
            records = st.records()
        have = ws.by_sha()
        return [r for r in records if r.sha256 not in have]

    @app.post("/api/store/{sha256}/open", summary="Открыть на рабочем месте акт из хранилища (по его исходному файлу)")
    def open_stored(sha256: str) -> dict:
        from pipeline.batch import process_file
        from pipeline.errors import OrdexError
        from pipeline.resources import shared
        from pipeline.settings import Settings

        record = next((r for r in not_opened() if r.sha256 == sha256), None)
        if record is None:
            known = ws.by_sha().get(sha256)
            if known:
                return {"id": known, "known": True}
            raise HTTPException(404, "такого акта в хранилище нет")
        if not record.path or not Path(record.path).is_file():
            raise HTTPException(422, f"исходный файл акта не найден: {record.path or 'путь не записан'}")
        try:
            data = process_file(Path(record.path), shared(), Settings.from_env()).to_json()
        except OrdexError as exc:
            raise HTTPException(422, f"{record.path}: [{exc.code}] {exc.message}") from exc
        doc_id = ws.add(record.stem, Path(record.path).name, data)
        publish(record.stem, data)
        return {"id": doc_id, "known": False}

    @app.get("/api/documents", summary="Входящие: документы с фильтром и полнотекстовым поиском")
    def list_documents(q: str | None = None, state: str | None = None, type: str | None = None) -> list[dict]:
        return [inbox_row(r) for r in ws.listing(q, state, type)]

    def inbox_row(r: dict) -> dict:
        doc = r["data"].get("document") or {}
        return {"id": r["id"], "stem": r["stem"], "filename": r["filename"], "state": r["state"],
                "version": r["version"], "type": doc.get("type"), "number": doc.get("number"),
                "date": doc.get("date"), "issuer": doc.get("issuer"), "title": doc.get("title"),
                "obligations": len(r["data"].get("obligations") or []),
                "nearest_deadline": nearest_deadline(r["data"], date.today()),
                "ocr": bool((r["data"].get("source") or {}).get("ocr"))}

    @app.get("/api/documents/{doc_id}", summary="Извлечение на контракте OUTPUT.md (последняя исправленная версия)")
    def get_document(doc_id: int, version: int | None = None) -> dict:
        doc, v = latest(doc_id)
        if version is not None:
            v = ws.version(doc_id, version)
            if v is None:
                raise HTTPException(404, f"у документа {doc_id} нет версии {version}")
        return {**v["data"], "workspace": {"id": doc_id, "stem": doc["stem"], "state": doc["state"],
                                           "version": v["version"], "author": v["author"],
                                           "created_at": v["created_at"], "history": ws.history(doc_id)}}

    @app.patch("/api/documents/{doc_id}", summary="Исправление: новая версия (кто, когда); исходная сохраняется")
    def patch_document(request: Request, doc_id: int, body: JSONBody) -> dict:
        doc, v = latest(doc_id)
        try:
            data, state = apply_correction(v["data"], body)
        except CorrectionError as exc:
            raise HTTPException(422, str(exc)) from exc
        version = ws.correct(doc_id, request.state.user, data)
        if state:
            ws.set_state(doc_id, state)
        publish(doc["stem"], data)
        return {"id": doc_id, "version": version, "author": request.state.user}

    @app.get("/api/register", summary="Реестр поручений с фильтрами")
    def get_register(executor: str | None = None, within: int | None = None, overdue: bool = False,
                     status: str | None = None) -> list[dict]:
        return [row_json(r) for r in register_rows(executor, within, overdue, status)]

    def register_rows(executor, within, overdue, status):
        today = date.today()
        with opened_register() as register:
            rows = register.rows(executor=executor or None, due_within=timedelta(days=within) if within else None,
                                 overdue=overdue, today=today)
            fingerprints = dict(register.db.execute("SELECT id, fingerprint FROM obligations").fetchall())
        marks = ws.marks()
        for r in rows:
            r.mark = marks.get((r.document, fingerprints.get(r.id)))
        if status:
            rows = [r for r in rows if r.effective_status(today) == status]
        return rows

    def row_json(r) -> dict:
        return {**r.__dict__, "status": r.effective_status(date.today())}

    @app.post("/api/register/{row_id}/done", summary="Отметить поручение исполненным (кто, когда, примечание)")
    def mark_done(request: Request, row_id: int, body: JSONBody = None) -> dict:
        with opened_register() as register:
            row = register.db.execute("SELECT document, fingerprint FROM obligations WHERE id=?", (row_id,)).fetchone()
            done = bool(row) and register.mark_done(row_id)
        if not done:
            raise HTTPException(404, f"поручения с номером {row_id} нет в реестре")
        note = str((body or {}).get("note") or "").strip()[:2000] or None
        return {"id": row_id, **ws.mark(row[0], row[1], request.state.user, note)}

    @app.post("/api/profiles", summary="Сохранить профиль организации (ORG.toml)")
    def save_profile(request: Request, body: JSONBody) -> dict:
        name, toml = str(body.get("name") or "").strip(), str(body.get("toml") or "")
        if not name:
            raise HTTPException(422, "у профиля нет имени")
        load_profile(toml)  # refuses a profile the draft could not use
        ws.save_profile(name, toml, request.state.user)
        return {"name": name}

    def load_profile(toml: str):
        from pipeline.draft import OrgProfile
        from pipeline.errors import OrdexError

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ORG.toml"
            path.write_text(toml, encoding="utf-8")
            try:
                return OrgProfile.load(path)
            except OrdexError as exc:
                raise HTTPException(422, exc.message.replace(str(path), "профиль")) from exc

    @app.post("/api/documents/{doc_id}/draft", summary="Черновик исполнительного акта или письма-отчёта: разметка и предпросмотр")
    def make_draft(doc_id: int, body: JSONBody) -> dict:
        from pipeline.draft import plan_draft, render_markup, template_for
        from pipeline.errors import OrdexError
        from pipeline.layout import parse_markup

        doc, v = latest(doc_id)
        prof = ws.profile(str(body.get("profile") or ""))
        if prof is None:
            raise HTTPException(422, "выберите профиль организации")
        org = load_profile(prof["toml"])
        try:
            plan = plan_draft(v["data"], org, body.get("act_type") or None, known=known_act_of(doc))
            markup = render_markup(plan, template_for(plan.act_type, reply=bool(body.get("reply"))))
        except OrdexError as exc:
            raise HTTPException(422, exc.message) from exc
        return {"markup": markup, "problems": plan.problems, "units": [u.name for u in org.units],
                "lines": [line.__dict__ for line in parse_markup(markup)]}

    @app.post("/api/draft.docx", summary="Черновик в .docx из (исправленной) разметки")
    def draft_docx(body: JSONBody) -> Response:
        from pipeline.layout import to_docx

        return Response(to_docx(str(body.get("markup") or "")), media_type="application/vnd.openxmlformats-officedocument"
                        ".wordprocessingml.document", headers={"Content-Disposition": 'attachment; filename="draft.docx"'})

    # --- chain --------------------------------------------------------------------------
    def graph_and_node(doc: dict):
        from pipeline.chain import link_records
        from pipeline.store import ActStore

        with ActStore(config.store) as st:
            graph = link_records(st.records())
        return graph, graph.node_of_sha().get(doc["sha256"])

    def known_act_of(doc: dict):
        from pipeline.chain.views import known_act

        graph, node = graph_and_node(doc)
        return known_act(graph, node) if node else None

    # --- pages --------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def inbox_page(request: Request, q: str | None = None, state: str | None = None, type: str | None = None):
        rows = [inbox_row(r) for r in ws.listing(q, state or None, type or None)]
        types = sorted({(r["data"].get("document") or {}).get("type") or "" for r in ws.listing()} - {""})
        return page(request, "inbox.html", rows=rows, q=q or "", state=state or "", type=type or "", types=types,
                    stored=not_opened())

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: int):
        doc, v = latest(doc_id)
        return page(request, "document.html", doc=doc, version=v, data=v["data"],
                    pages=source_view(v["data"].get("layout") or {}), history=ws.history(doc_id))

    @app.get("/register", response_class=HTMLResponse, include_in_schema=False)
    def register_page(request: Request, executor: str | None = None, within: int | None = None,
                      overdue: bool = False, status: str | None = None):
        rows = [row_json(r) for r in register_rows(executor, within, overdue, status)]
        stems = {d["stem"]: d["id"] for d in ws.listing()}
        return page(request, "register.html", rows=rows, stems=stems, executor=executor or "", within=within or "",
                    overdue=overdue, status=status or "")

    @app.get("/register/export", include_in_schema=False)
    def register_export(fmt: str = "xlsx", executor: str | None = None, within: int | None = None,
                        overdue: bool = False, status: str | None = None):
        from pipeline.register import export

        if fmt not in EXPORT_TYPES:
            raise HTTPException(422, f"формат «{fmt}» не поддерживается: {', '.join(EXPORT_TYPES)}")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"register.{fmt}"
            export(register_rows(executor, within, overdue, status), path)
            content = path.read_bytes()
        return Response(content, media_type=EXPORT_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="register.{fmt}"'})

    @app.get("/documents/{doc_id}/chain", response_class=HTMLResponse, include_in_schema=False)
    def chain_page(request: Request, doc_id: int):
        from pipeline.chain import normaliser
        from pipeline.chain.views import coverage, describe, subordinates, superiors

        doc, v = latest(doc_id)
        graph, node = graph_and_node(doc)
        ids = ws.by_sha()

        def tree(start, step, seen):
            out = []
            for other, relation in step(graph, start):
                n = graph.nodes[other]
                link = next((ids[s] for s in n.sha256 if s in ids), None)
                out.append({"label": describe(n), "level": n.level, "relation": RELATIONS.get(relation, relation),
                            "link": link, "children": [] if other in seen else tree(other, step, seen | {other})})
            return out

        up = tree(node.id, superiors, {node.id}) if node else []
        down = tree(node.id, subordinates, {node.id}) if node else []
        items = coverage(graph, node, normaliser()) if node else []
        cov = [{"clause": i.obligation.clause, "executors": "; ".join(i.obligation.executors),
                "action": i.obligation.action, "covered": i.covered,
                "by": [{"label": describe(m.node), "clause": m.obligation.clause if m.obligation else None,
                        "link": next((ids[s] for s in m.node.sha256 if s in ids), None)} for m in i.implementations]}
               for i in items]
        return page(request, "chain.html", doc=doc, data=v["data"], node=node and describe(node),
                    level=node and node.level, up=up, down=down, coverage=cov)

    @app.get("/documents/{doc_id}/draft", response_class=HTMLResponse, include_in_schema=False)
    def draft_page(request: Request, doc_id: int):
        from pipeline.draft import SAMPLE_ORG

        doc, v = latest(doc_id)
        return page(request, "draft.html", doc=doc, data=v["data"], profiles=ws.profiles(),
                    sample=SAMPLE_ORG.read_text(encoding="utf-8"))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/") or request.method not in SAFE_METHODS:
            return JSONResponse({"error": exc.status_code, "message": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", message=exc.detail, status=exc.status_code)

    app.state.workspace = ws
    return app


def export_gold(store: Path, folder: Path) -> list[Path]:
    """Every corrected document's latest version as ``<stem>.json`` on the contract (gold for `ordex eval`)."""
    from pipeline.io import write_json

    ws = Workspace(store)
    try:
        written = []
        for doc, v in ws.corrected():
            data = {k: val for k, val in v["data"].items() if k != "layout"}
            data["provenance"] = {"corrected_by": v["author"], "corrected_at": v["created_at"], "version": v["version"]}
            target = folder / f"{doc['stem']}.json"
            write_json(target, data)
            written.append(target)
        return written
    finally:
        ws.close()


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
