"""`ordex bench`: speed of each reader and of the whole extraction, on documents it writes.

The documents are made here by real writers (python-docx with Word automatic numbering,
reportlab, PIL + a rasterised page for a scan) so the figures can be reproduced on any
machine; the same makers serve the reader tests.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.settings import Settings

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")

ISSUER = ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "И НАУКИ РЕСПУБЛИКИ")
ISSUER_REGIONAL = ("РЕСПУБЛИКӔЙ АХУЫРАДЫ", "ӔМӔ ЗОНАДЫ МИНИСТРАД")
HEADING = ("ПРИКАЗ", "от 12.03.2024 № 145-од", "г. Владикавказ", "О проведении проверки готовности образовательных организаций")
PREAMBLE = (
    "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации» "
    "и в целях обеспечения безопасности обучающихся приказываю:"
)
ITEMS = (
    "Утвердить состав комиссии по проверке готовности образовательных организаций к новому учебному году.",
    (
        "Руководителям образовательных организаций обеспечить подготовку документации и представить "
        "информационно-аналитические материалы в срок до 15 апреля 2024 года."
    ),
    "Отделу общего образования (Петрова А.А.) обобщить результаты проверки и подготовить сводный отчёт.",
    "Контроль за исполнением настоящего приказа возложить на заместителя министра Сидорова В.В.",
)
TABLE = (
    ("№", "Мероприятие", "Срок", "Ответственный"),
    ("1", "Проверка пожарной безопасности", "до 01.04.2024", "Иванов И.И."),
    ("2", "Проверка антитеррористической защищённости", "до 10.04.2024", "Петрова А.А."),
)
SIGNATURE = "Министр Л.Р. Кадиева"


def cyrillic_font(bold: bool = False) -> Path | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return p
    return None


def order_text(items: int = 12) -> str:
    """A plain-text order of about ``items`` × 400 characters."""
    lines = [*ISSUER, "", *HEADING, "", PREAMBLE]
    for i in range(items):
        lines.append(f"{i + 1}. {ITEMS[i % len(ITEMS)]}")
    lines += ["", SIGNATURE]
    return "\n".join(lines) + "\n"


_TASKS = (
    "Руководителям образовательных организаций обеспечить подготовку документации и представить "
    "информационно-аналитические материалы в срок до {d1}.",
    "Отделу общего образования ({person}) обобщить результаты проверки № {n} и подготовить сводный отчёт до {d2}.",
    "Заместителю директора по учебно-воспитательной работе {person} провести совещание с педагогами {d1}.",
    "Руководителям муниципальных органов управления образованием ежеквартально до {day} числа месяца, "
    "следующего за отчётным, направлять сведения о ходе работы.",
    "Главному специалисту отдела кадров {person} в течение {k} рабочих дней со дня подписания настоящего "
    "приказа ознакомить работников с приказом под подпись.",
    "Директорам школ постоянно осуществлять контроль за соблюдением требований пожарной безопасности "
    "в зданиях и на территориях учреждений.",
    "Отделу информационного обеспечения разместить настоящий приказ на официальном сайте в 3-дневный срок.",
    "Рекомендовать органам местного самоуправления муниципальных районов принять меры по "
    "организации подвоза обучающихся к месту проведения экзаменов до {d2}.",
)
_PEOPLE = ("Петрова А.А.", "Сидоров В.В.", "Кузнецова О.Н.", "Магомедов Р.Ш.", "Ким Е.Л.", "Шевчук И.П.")


def varied_order(i: int, size: int = 5000) -> str:
    """The i-th of a family of distinct orders of about ``size`` characters (numbers, dates,
    names and clause order differ), so a benchmark over them measures no cache hits."""
    day, month = i % 27 + 1, i % 12 + 1
    lines = [*ISSUER, "", "ПРИКАЗ", f"от {day:02d}.{month:02d}.2025 № {100 + i}-од", "г. Владикавказ",
             f"О мерах по подготовке к проверке № {i}", "", PREAMBLE]
    n = 0
    while sum(map(len, lines)) < size - 200:
        task = _TASKS[(i + n) % len(_TASKS)]
        lines.append(f"{n + 1}. " + task.format(
            d1=f"{(day + n) % 28 + 1:02d}.{(month + n) % 12 + 1:02d}.2026", d2=f"{(n + i) % 28 + 1} декабря 2026 года",
            person=_PEOPLE[(i + n) % len(_PEOPLE)], n=i * 10 + n, day=(n + i) % 20 + 1, k=(n + i) % 9 + 2))
        n += 1
    lines += [f"{n + 1}. Контроль за исполнением настоящего приказа возложить на заместителя министра "
              f"{_PEOPLE[i % len(_PEOPLE)]}", "", SIGNATURE]
    return "\n".join(lines) + "\n"


def make_docx(path: Path, items: int = 12) -> Path:
    """A .docx order: header blank, items under real Word automatic numbering, a plan table."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = " ".join(ISSUER)
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="russianLower"/><w:lvlText w:val="%3)"/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    for line in HEADING:
        d.add_paragraph(line)
    d.add_paragraph(PREAMBLE)
    for i in range(items):
        p = d.add_paragraph(ITEMS[i % len(ITEMS)])
        level = (0, 1, 1, 2)[i % 4]
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="70"/></w:numPr>'
        ))
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph(SIGNATURE)
    d.save(path)
    return path


def make_varied_docx(path: Path, i: int, size: int = 5000) -> Path:
    """The i-th varied order (:func:`varied_order`) as a .docx: its numbered clauses under
    Word automatic numbering, the rest as plain paragraphs."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="71">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val="71"/></w:num>'))
    for line in varied_order(i, size).splitlines():
        item = re.match(r"\d+\.\s+", line)
        p = d.add_paragraph(line[item.end():] if item else line)
        if item:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="71"/></w:numPr>'
            ))
    d.save(path)
    return path


def make_text_pdf(path: Path, pages: int = 3) -> Path:
    """A reportlab PDF: a two-column bilingual header blank, wrapped justified paragraphs
    with a hyphenated word, a ruled table, running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = cyrillic_font()
    if font is None:
        raise RuntimeError("нет шрифта DejaVuSans (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    size, lead, left, right = 12, 15, 70, 540

    def wrap(text: str, indent: float) -> list[str]:
        lines, line, x_limit = [], "", right - left
        for word in text.split():
            trial = f"{line} {word}".strip()
            room = x_limit - (indent if not lines else 0)
            if pdfmetrics.stringWidth(trial, "DejaVu", size) > room and line:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line]

    for page in range(1, pages + 1):
        c.setFont("DejaVu", 9)
        c.drawString(left, height - 30, "Приказ № 145-од от 12.03.2024")  # running header
        c.drawCentredString(width / 2, 30, str(page))  # page number
        c.setFont("DejaVu", size)
        y = height - 80
        if page == 1:
            for i in range(2):  # issuer in two languages side by side
                c.drawString(left, y, ISSUER[i])
                c.drawString(330, y, ISSUER_REGIONAL[i])
                y -= lead
            y -= lead
            for line in HEADING:
                c.drawCentredString(width / 2, y, line)
                y -= lead
            y -= lead
        paragraphs = [PREAMBLE, *(f"{i + 1}. {t}" for i, t in enumerate(ITEMS))]
        for text in paragraphs:
            for n, line in enumerate(wrap(text, 35)):
                c.drawString(left + (35 if n == 0 else 0), y, line)
                y -= lead
        if page == 1:
            # a word hyphenated at a line end
            c.drawString(left + 35, y, "Провести анализ информаци-")
            y -= lead
            c.drawString(left, y, "онных систем учреждения.")
            y -= 2 * lead
            col = (left, left + 30, left + 270, left + 370, right)
            top = y
            for row in TABLE:
                for k, text in enumerate(row):
                    c.setFont("DejaVu", 9)
                    c.drawString(col[k] + 3, y - 12, text)
                y -= 20
            c.setFont("DejaVu", size)
            for yy in [top - 20 * r for r in range(len(TABLE) + 1)]:
                c.line(col[0], yy, col[-1], yy)
            for x in col:
                c.line(x, top, x, y)
            y -= 2 * lead
        if page == pages:
            c.drawString(left, y - lead, SIGNATURE)
        c.showPage()
    c.save()
    return path


def render_page_image(text_lines: list[str], dpi: int = 200):
    """A PIL image of an A4 page with the lines typed in DejaVu (a 'scan')."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = cyrillic_font()
    if font_path is None:
        raise RuntimeError("нет шрифта DejaVuSans (apt-get install fonts-dejavu-core)")
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font_path), int(12 / 72 * dpi))
    y = int(0.8 * dpi)
    for line in text_lines:
        draw.text((int(0.9 * dpi), y), line, font=font, fill=0)
        y += int(0.23 * dpi) if line else int(0.15 * dpi)
    return img


SCAN_LINES = [
    "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ",
    "",
    "ПРИКАЗ",
    "от 12.03.2024 № 145-од",
    "",
    "О проведении проверки готовности",
    "",
    "1. Утвердить состав комиссии по проверке готовности",
    "образовательных организаций к новому учебному году.",
    "2. Руководителям образовательных организаций обеспечить",
    "подготовку документации в срок до 15 апреля 2024 года.",
    "",
    "Министр Л.Р. Кадиева",
]


def make_scan_pdf(path: Path, dpi: int = 200) -> Path:
    """An image-only PDF: a rasterised page saved by PIL."""
    render_page_image(SCAN_LINES, dpi).save(path, "PDF", resolution=dpi)
    return path


# --- measuring ------------------------------------------------------------------------


_PER_RUN = 20  # documents in one measured batch


def _write_varied_txt(path: Path, i: int) -> Path:
    path.write_text(varied_order(i), encoding="utf-8")
    return path


@dataclass
class Figure:
    name: str
    value: float
    unit: str


def _median_rate(fn, units: float, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return units / statistics.median(times)


def run_batch_bench(docs: int = 120, warm_docs: int = 1000, stream=None,
                    report=None) -> list[Figure]:
    """``ordex extract`` as a clerk runs it, on the same distinct ~5 KB orders: documents/s
    with one worker and with every core (wall clock, outputs written), their ratio; a warm
    re-run of ``warm_docs`` unchanged files from the cache; a new process's start to its
    first document; the peak memory of one worker."""
    import io
    import subprocess
    import sys

    from pipeline.batch import default_workers, run_batch
    from pipeline.cache import ExtractionCache

    stream = stream or sys.stdout
    figures: list[Figure] = []
    report = report or (lambda f: (figures.append(f), print(f"{f.name:<44} {f.value:10.2f} {f.unit}", file=stream, flush=True)))
    cores = default_workers()
    with tempfile.TemporaryDirectory(prefix="ordex-bench-batch-") as tmp:
        d = Path(tmp)
        batch = d / "batch"
        batch.mkdir()
        for i in range(docs):
            _write_varied_txt(batch / f"order_{i:05d}.txt", 50_000 + i)
        rates = {}
        for workers in (1, cores):
            w0 = time.perf_counter()
            run_batch([batch], d / f"out{workers}", stream=io.StringIO(), progress=False, workers=workers)
            rates[workers] = docs / (time.perf_counter() - w0)
            report(Figure(f"пакет {docs} док., {workers} процесс(а)", rates[workers], "док./с"))
        report(Figure(f"ускорение {cores} процессов к 1", rates[cores] / rates[1], "×"))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report(Figure("пиковая память одного процесса извлечения", peak, "МБ"))

        warm = d / "warm"
        warm.mkdir()
        for i in range(warm_docs):
            _write_varied_txt(warm / f"order_{i:05d}.txt", 100_000 + i)
        with ExtractionCache(d / "cache") as cache:
            run_batch([warm], d / "warm_out", stream=io.StringIO(), progress=False, workers=cores, cache=cache)
            w0 = time.perf_counter()
            out = run_batch([warm], d / "warm_out", stream=io.StringIO(), progress=False, workers=cores, cache=cache)
            seconds = time.perf_counter() - w0
        assert all(o.cached for o in out)
        report(Figure(f"повторный прогон {warm_docs} неизменных док. (кэш)", seconds, "с"))

        one = batch / "order_00000.txt"
        w0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(one), "--out", str(d / "cold"),
                                 "--no-cache", "--workers", "1", "--no-progress"],
                                stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
        for line in proc.stdout:
            if line.startswith("ok"):
                report(Figure("холодный старт до первого документа", time.perf_counter() - w0, "с"))
                break
        proc.wait()
    return figures


def run_bench(runs: int = 5, stream=None, docs: int = 120, warm_docs: int = 1000) -> list[Figure]:
    import sys

    from pipeline.readers import read_document

    stream = stream or sys.stdout
    settings = Settings.from_env()
    figures: list[Figure] = []

    def report(f: Figure) -> None:
        figures.append(f)
        print(f"{f.name:<44} {f.value:10.2f} {f.unit}", file=stream, flush=True)

    with tempfile.TemporaryDirectory(prefix="ordex-bench-") as tmp:
        d = Path(tmp)
        txt = d / "order.txt"
        txt.write_text(order_text(items=40), encoding="cp1251")
        docx_path = make_docx(d / "order.docx", items=40)
        pdf = make_text_pdf(d / "order.pdf", pages=10)
        scan = make_scan_pdf(d / "scan.pdf")
        print(f"документы: txt {txt.stat().st_size // 1024} КБ, docx {docx_path.stat().st_size // 1024} КБ, "
              f"PDF 10 стр., скан 1 стр.; медиана {runs} прогонов", file=stream)
        for name, path, pages, n in (("txt", txt, 1, runs), ("docx", docx_path, 1, runs),
                                     ("pdf (текстовый слой)", pdf, 10, runs), ("pdf-скан (OCR)", scan, 1, max(1, runs // 2))):
            read_document(path, settings)  # warm-up: imports, fonts
            rate = _median_rate(lambda p=path: read_document(p, settings), pages, n)
            report(Figure(f"чтение {name}", rate, "стр./с"))

        from pipeline.extract import extract
        from pipeline.resources import Resources

        t0 = time.perf_counter()
        res = Resources()
        extract(read_document(txt, settings), res)  # loads the models once
        report(Figure("загрузка моделей и первый документ", time.perf_counter() - t0, "с"))
        # full extraction (reading + extraction) of distinct ~5 KB orders: every run has its
        # own batch, no text repeats, so memoised work cannot flatter the figure; the rate is
        # per core of CPU time (other jobs on the machine do not lower it)
        for first, kind, make in ((0, "txt", _write_varied_txt), (10_000, "docx", make_varied_docx)):
            batches = [[make(d / f"varied_{kind}_{r}_{k}.{kind}", first + r * _PER_RUN + k) for k in range(_PER_RUN)]
                       for r in range(runs)]
            rates, walls = [], []
            for batch in batches:
                c0, w0 = time.process_time(), time.perf_counter()
                for p in batch:
                    extract(read_document(p, settings), res)
                rates.append(len(batch) / (time.process_time() - c0))
                walls.append(len(batch) / (time.perf_counter() - w0))
            print(f"  {kind}: {_PER_RUN} разных документов на прогон; док./с на ядро по прогонам: "
                  + ", ".join(f"{x:.1f}" for x in rates) + f"; по часам: {statistics.median(walls):.1f}", file=stream)
            report(Figure(f"полное извлечение {kind} ~5 КБ, медиана, на ядро", statistics.median(rates), "док./с"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(Figure("пиковая память процесса", peak, "МБ"))
    run_batch_bench(docs, warm_docs, stream=stream, report=report)
    print(f"ядер: {os.cpu_count()}; нагрузка машины (1, 5, 15 мин): "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()), file=stream)
    return figures
