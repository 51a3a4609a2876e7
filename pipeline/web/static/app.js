// ordex workspace: plain script, no build step.  Every value reaches the page through
// textContent / value, never innerHTML; every change is a same-origin request with the CSRF header.
"use strict";
const CSRF = document.querySelector('meta[name="csrf-token"]').content;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}

function flash(text, bad) {
  const f = document.getElementById("flash");
  f.textContent = text; f.hidden = false; f.className = "flash" + (bad ? " bad" : "");
  clearTimeout(flash.t); flash.t = setTimeout(() => { f.hidden = true; }, bad ? 12000 : 4000);
}

async function api(method, url, body, isForm) {
  const opts = { method, headers: { "X-CSRF-Token": CSRF }, credentials: "same-origin" };
  if (body !== undefined) {
    if (isForm) opts.body = body; else { opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json"; }
  }
  const r = await fetch(url, opts);
  if (!r.ok) {
    let msg = r.status + "";
    try { const j = await r.json(); msg = j.message || (j.detail && JSON.stringify(j.detail)) || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r;
}

// ---- inbox: upload ---------------------------------------------------------------------
function initUpload() {
  for (const b of document.querySelectorAll(".open-stored")) {
    b.addEventListener("click", async () => {
      flash("Читаю документ…");
      try { const j = await (await api("POST", "/api/store/" + b.dataset.sha + "/open")).json(); location.href = "/documents/" + j.id; }
      catch (e) { flash(e.message, true); }
    });
  }
  const form = document.getElementById("upload");
  if (!form) return;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = document.getElementById("upload-file");
    if (!input.files.length) { flash("Выберите файл", true); return; }
    const fd = new FormData(); fd.append("file", input.files[0]);
    flash("Читаю документ…");
    try {
      const j = await (await api("POST", "/api/documents", fd, true)).json();
      location.href = "/documents/" + j.id;
    } catch (e) { flash(e.message, true); }
  });
}

// ---- register: mark done -----------------------------------------------------------------
function initRegister() {
  for (const b of document.querySelectorAll(".mark-done")) {
    b.addEventListener("click", async () => {
      const note = prompt("Примечание к исполнению (необязательно):", "");
      if (note === null) return;
      try { await api("POST", "/api/register/" + b.dataset.row + "/done", { note }); location.reload(); }
      catch (e) { flash(e.message, true); }
    });
  }
}

// ---- document: source highlighting ---------------------------------------------------------
const Source = {
  blocks: [],
  init() { this.blocks = [...document.querySelectorAll("#source .blk")]; },
  clear() {
    for (const b of document.querySelectorAll("#source .blk.hl")) { b.textContent = b.textContent; b.classList.remove("hl"); }
  },
  // spans: [{start, stop}]; marks the words of each span, scrolls to the first
  show(spans) {
    this.clear();
    let first = null;
    for (const b of this.blocks) {
      const s = +b.dataset.s, e = +b.dataset.e, text = b.textContent;
      const cuts = spans.filter(sp => sp && sp.start < e && sp.stop > s)
        .map(sp => [Math.max(sp.start, s) - s, Math.min(sp.stop, e) - s]).sort((a, c) => a[0] - c[0]);
      if (!cuts.length) continue;
      b.textContent = ""; b.classList.add("hl");
      let at = 0;
      for (const [a, z] of cuts) {
        if (a < at) continue;
        b.append(text.slice(at, a), el("mark", { text: text.slice(a, z) }));
        at = z;
      }
      b.append(text.slice(at));
      first = first || b.querySelector("mark");
    }
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    return !!first;
  },
  // document offset of a DOM point inside a block
  offset(node, off) {
    const b = (node.nodeType === 1 ? node : node.parentElement).closest(".blk");
    if (!b) return null;
    const r = document.createRange(); r.setStart(b, 0); r.setEnd(node, off);
    return +b.dataset.s + r.toString().length;
  },
};

// ---- document: values --------------------------------------------------------------------
const REQ = [["type", "Вид"], ["number", "Номер"], ["date", "Дата (ГГГГ-ММ-ДД)"], ["place", "Место"],
  ["issuer", "Издатель"], ["title", "Заголовок"], ["addressee", "Адресат"]];
const KINDS = { none: "не указан", date: "дата", relative: "относительный", periodic: "периодический",
  permanent: "постоянно", immediate: "незамедлительно", event: "событие" };
const MODAL = { mandatory: "обязательно", recommended: "рекомендовано", requested: "просьба" };
const REL = { implements: "во исполнение", basis: "на основании", mentions: "упоминание" };
const LOW = 80;

let model = null;
let current = null;

function spanLow(sp) { return sp && typeof sp.confidence === "number" && sp.confidence < LOW; }
function ruleLow(rule) { return rule && /fallback|guess|loose/.test(rule); }

function input(value, onchange, attrs) {
  return el("input", { value: value || "", ...attrs, on: { input: (e) => onchange(e.target.value) } });
}
function area(value, onchange, attrs) {
  const t = el("textarea", { rows: 2, ...attrs, on: { input: (e) => onchange(e.target.value) } });
  t.value = value || ""; return t;
}
function select(options, value, onchange, attrs) {
  const s = el("select", { ...attrs, on: { change: (e) => onchange(e.target.value) } });
  for (const [k, v] of Object.entries(options)) s.append(el("option", { value: k, text: v, selected: k === value }));
  return s;
}

function card(key, title, spans, low, ...body) {
  const c = el("div", { class: "val" + (low ? " low" : ""), "data-key": key, tabindex: 0 },
    el("div", { class: "val-title" }, el("span", { text: title }), low ? el("span", { class: "badge low", text: "проверить", title: "низкая уверенность (OCR или запасное правило)" }) : null),
    ...body);
  c.spans = spans;
  c.addEventListener("click", (ev) => select_(c, ev.target.closest("input,textarea,select,button") ? false : true));
  c.addEventListener("focusin", () => select_(c, false));
  return c;
}

function select_(c, scroll) {
  if (current === c && !scroll) return;
  for (const o of document.querySelectorAll(".val.sel")) o.classList.remove("sel");
  c.classList.add("sel"); current = c;
  const spans = c.spans().filter(Boolean);
  if (spans.length) Source.show(spans); else Source.clear();
}

function render() {
  const box = document.getElementById("fields");
  box.textContent = "";
  const d = model.document = model.document || {};
  d.spans = d.spans || {};
  box.append(el("h2", { text: "Реквизиты" }));
  for (const [k, label] of REQ) {
    box.append(card("document." + k, label, () => [d.spans[k]], spanLow(d.spans[k]),
      input(d[k], (v) => { d[k] = v; }, { "aria-label": label, name: k })));
  }
  d.signatory = d.signatory || {};
  box.append(card("document.signatory", "Подписал", () => [d.spans.signatory], spanLow(d.spans.signatory),
    input(d.signatory.position, (v) => { d.signatory.position = v; }, { placeholder: "должность" }),
    input(d.signatory.name, (v) => { d.signatory.name = v; }, { placeholder: "имя" })));

  box.append(el("h2", {}, el("span", { text: "Поручения (" + (model.obligations || []).length + ")" }),
    el("button", { type: "button", class: "small", text: "+ добавить", on: { click: () => { model.obligations.push({ executors: [], action: "", modality: "mandatory", deadline: { kind: "none", text: null } }); render(); } } })));
  (model.obligations || []).forEach((o, i) => {
    o.deadline = o.deadline || { kind: "none", text: null };
    const low = spanLow(o.span) || spanLow(o.action_span) || ruleLow(o.rule) || ruleLow(o.deadline.rule);
    box.append(card("obligations." + i, (o.clause ? "п. " + o.clause : "поручение " + (i + 1)), () => [o.action_span || o.span, ...(o.executor_spans || []), o.deadline.span], low,
      el("label", { text: "Исполнители (по одному в строке)" }),
      area((o.executors || []).join("\n"), (v) => { o.executors = v.split("\n").map(s => s.trim()).filter(Boolean); }, { class: "executors", "aria-label": "Исполнители" }),
      el("label", { text: "Действие" }),
      area(o.action, (v) => { o.action = v; }, { rows: 3, class: "action", "aria-label": "Действие" }),
      el("div", { class: "row" },
        select(MODAL, o.modality || "mandatory", (v) => { o.modality = v; }, { "aria-label": "Модальность" }),
        select(KINDS, o.deadline.kind, (v) => { o.deadline.kind = v; }, { class: "deadline-kind", "aria-label": "Вид срока" }),
        input(o.deadline.date, (v) => { o.deadline.date = v || null; if (v && o.deadline.kind === "none") { o.deadline.kind = "date"; } }, { class: "deadline-date", placeholder: "ГГГГ-ММ-ДД", "aria-label": "Дата срока" })),
      input(o.deadline.text, (v) => { o.deadline.text = v; }, { class: "deadline-text", placeholder: "срок словами", "aria-label": "Срок словами" }),
      el("button", { type: "button", class: "small danger", text: "удалить", on: { click: () => { model.obligations.splice(i, 1); render(); } } })));
  });

  box.append(el("h2", {}, el("span", { text: "Ссылки на акты (" + (model.references || []).length + ")" }),
    el("button", { type: "button", class: "small", text: "+ добавить", on: { click: () => { model.references.push({ relation: "mentions" }); render(); } } })));
  (model.references || []).forEach((r, i) => {
    box.append(card("references." + i, (r.type || "акт") + (r.number ? " № " + r.number : ""), () => [r.span], spanLow(r.span),
      el("div", { class: "row" },
        input(r.type, (v) => { r.type = v; }, { placeholder: "вид" }),
        input(r.number, (v) => { r.number = v; }, { placeholder: "номер" }),
        input(r.date, (v) => { r.date = v; }, { placeholder: "ГГГГ-ММ-ДД" })),
      input(r.issuer, (v) => { r.issuer = v; }, { placeholder: "издатель" }),
      input(r.title, (v) => { r.title = v; }, { placeholder: "заголовок" }),
      el("div", { class: "row" }, select(REL, r.relation || "mentions", (v) => { r.relation = v; }),
        el("button", { type: "button", class: "small danger", text: "удалить", on: { click: () => { model.references.splice(i, 1); render(); } } }))));
  });

  box.append(el("h2", { text: "Контроль исполнения" }));
  const c = model.control || {};
  box.append(card("control", "Контроль", () => [c.span], spanLow(c.span),
    input(c.position, (v) => { c.position = v; model.control = c; }, { placeholder: "должность / орган" }),
    input(c.name, (v) => { c.name = v; model.control = c; }, { placeholder: "имя" })));
  fillPick();
}

function fillPick() {
  const s = document.getElementById("pick-field");
  s.textContent = "";
  for (const [k, label] of REQ) s.append(el("option", { value: "document." + k, text: "реквизит: " + label }));
  s.append(el("option", { value: "new-obligation", text: "новое поручение (действие)" }));
  (model.obligations || []).forEach((o, i) => {
    const n = o.clause ? "п. " + o.clause : "поручение " + (i + 1);
    s.append(el("option", { value: "executor." + i, text: n + ": исполнитель" }), el("option", { value: "deadline." + i, text: n + ": срок" }));
  });
  s.append(el("option", { value: "control", text: "контроль" }));
}

let picked = null;
function initPick() {
  document.getElementById("source").addEventListener("mouseup", () => {
    const sel = getSelection();
    if (!sel.rangeCount) return;
    const r = sel.getRangeAt(0);
    const a = Source.offset(r.startContainer, r.startOffset), z = Source.offset(r.endContainer, r.endOffset);
    if (a === null || z === null) return;
    if (z <= a) {  // a click: the value whose span holds this place
      picked = null; document.getElementById("pick").hidden = true;
      for (const c of document.querySelectorAll("#fields .val")) {
        if (c.spans().some(sp => sp && sp.start <= a && a < sp.stop)) {
          for (const o of document.querySelectorAll(".val.sel")) o.classList.remove("sel");
          c.classList.add("sel"); current = c; c.scrollIntoView({ block: "center", behavior: "smooth" });
          return;
        }
      }
      return;
    }
    picked = { start: a, stop: z, text: model.layout.text.slice(a, z) };
    document.getElementById("pick-text").textContent = picked.text.length > 80 ? picked.text.slice(0, 80) + "…" : picked.text;
    document.getElementById("pick").hidden = false;
  });
  document.getElementById("pick-apply").addEventListener("click", () => {
    if (!picked) return;
    const where = document.getElementById("pick-field").value, text = picked.text.replace(/\s+/g, " ").trim();
    const [kind, idx] = where.split(".");
    if (kind === "document") { model.document[idx] = text; model.document.spans[idx] = picked; }
    else if (where === "new-obligation") model.obligations.push({ executors: [], action: text, modality: "mandatory", deadline: { kind: "none", text: null }, span: picked, action_span: picked });
    else if (kind === "executor") { const o = model.obligations[+idx]; o.executors = [...(o.executors || []), text]; o.executor_spans = [...(o.executor_spans || []), picked]; }
    else if (kind === "deadline") { const o = model.obligations[+idx]; o.deadline = { ...o.deadline, text, span: picked }; }
    else if (where === "control") model.control = { ...(model.control || {}), text, span: picked };
    picked = null; document.getElementById("pick").hidden = true;
    render(); flash("Занесено; не забудьте сохранить");
  });
}

async function save(state) {
  const id = document.getElementById("review").dataset.doc;
  const body = { document: model.document, references: model.references, obligations: model.obligations, control: model.control && Object.values(model.control).some(Boolean) ? model.control : null };
  if (state) body.state = state;
  try {
    const j = await (await api("PATCH", "/api/documents/" + id, body)).json();
    flash("Сохранено: версия " + j.version + " (" + j.author + ")");
    if (state) { const b = document.getElementById("doc-state"); b.textContent = { checked: "проверен", problem: "с замечаниями" }[state]; b.className = "badge " + state; }
  } catch (e) { flash(e.message, true); }
}

function initDocument() {
  const data = document.getElementById("extraction");
  if (!data) return;
  model = JSON.parse(data.textContent);
  model.obligations = model.obligations || []; model.references = model.references || [];
  Source.init(); render(); initPick();
  document.getElementById("save").addEventListener("click", () => save(null));
  document.getElementById("checked").addEventListener("click", () => save("checked"));
  document.getElementById("problem").addEventListener("click", () => save("problem"));
}

// ---- draft ------------------------------------------------------------------------------------
function preview(markup) {
  const box = document.getElementById("draft-preview");
  box.textContent = "";
  for (const raw of markup.split("\n")) {
    const m = raw.match(/^@(\w+)\s?(.*)$/), kind = m ? m[1] : "p", text = m ? m[2] : raw;
    if (kind === "space" || (!m && !raw.trim())) { box.append(el("div", { class: "d-space" })); continue; }
    if (kind === "row") { const [l, r] = text.split(" | "); box.append(el("div", { class: "d-row" }, el("span", { text: l || "" }), el("span", { text: r || "" }))); continue; }
    box.append(el("div", { class: "d-" + kind, text }));
  }
}

function initDraft() {
  const root = document.getElementById("draft");
  if (!root) return;
  const profiles = JSON.parse(document.getElementById("profiles").textContent);
  const toml = document.getElementById("profile-toml"), name = document.getElementById("profile-name"), sel = document.getElementById("profile");
  const markup = document.getElementById("draft-markup"), docx = document.getElementById("draft-docx");
  sel.addEventListener("change", () => { const p = profiles.find(x => x.name === sel.value); if (p) { toml.value = p.toml; name.value = p.name; } else { name.value = ""; } });
  document.getElementById("profile-save").addEventListener("click", async () => {
    try { await api("POST", "/api/profiles", { name: name.value, toml: toml.value }); flash("Профиль сохранён"); location.reload(); }
    catch (e) { flash(e.message, true); }
  });
  document.getElementById("draft-make").addEventListener("click", async () => {
    try {
      const j = await (await api("POST", "/api/documents/" + root.dataset.doc + "/draft", { profile: sel.value, act_type: document.getElementById("act-type").value, reply: document.getElementById("reply").checked })).json();
      markup.value = j.markup; preview(j.markup); docx.disabled = false;
      const ul = document.getElementById("draft-problems"); ul.textContent = "";
      for (const p of j.problems) ul.append(el("li", { text: "проверить: " + p }));
    } catch (e) { flash(e.message, true); }
  });
  document.getElementById("draft-refresh").addEventListener("click", () => preview(markup.value));
  docx.addEventListener("click", async () => {
    try {
      const blob = await (await api("POST", "/api/draft.docx", { markup: markup.value })).blob();
      const a = el("a", { href: URL.createObjectURL(blob), download: "черновик.docx" }); document.body.append(a); a.click(); a.remove();
    } catch (e) { flash(e.message, true); }
  });
}

function initLogin() {
  const form = document.getElementById("login");
  if (form) form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try { await api("POST", "/login", { name: form.name.value, password: form.password.value }); location.href = "/"; }
    catch (e) { flash(e.message, true); }
  });
  const out = document.getElementById("logout");
  if (out) out.addEventListener("click", async () => { await api("POST", "/logout", {}); location.href = "/login"; });
}

document.addEventListener("DOMContentLoaded", () => { initLogin(); initUpload(); initRegister(); initDocument(); initDraft(); });
