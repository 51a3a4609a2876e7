"""Draft implementing acts: content, Russian grammar of the inflected parts, the .docx itself."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from extractors.names import inflect_person
from pipeline.draft import (
    OrgProfile,
    cite_act,
    plan_draft,
    render_markup,
    template_for,
    working_days_before,
)
from pipeline.errors import DraftError
from pipeline.layout import to_docx, to_markdown

TODAY = date(2026, 11, 23)


def org_toml(tmp_path: Path, **over) -> Path:
    fields = {
        "head_name": "Иванова Мария Петровна",
        "controller": '[controller]\nposition = "заместитель директора по учебно-воспитательной работе"\nname = "Петров Иван Сергеевич"',
        "unit_head": "Римская-Корсакова Анна Ильинична",
        "addressed_as": '["руководители образовательных организаций"]',
    } | over
    text = f"""
[organisation]
full_name = "МБОУ «Гимназия № 2»"
act_type = "приказ"
place = "г. Казань"
lead_time_working_days = 3
addressed_as = {fields['addressed_as']}
[head]
position = "Директор"
name = "{fields['head_name']}"
{fields['controller']}
[executor]
name = "Сидорова А.А."
phone = "8 (843) 123-45-67"
[[units]]
name = "методический отдел"
head_position = "заместитель директора по методической работе"
head_name = "{fields['unit_head']}"
topics = ["методическ", "педагог"]
"""
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def superior(obligations, **doc) -> dict:
    return {
        "document": {"type": "распоряжение", "number": "18-р", "date": "2026-01-21",
                     "issuer": "Губернатор Херсонской области", "title": "О национальном мессенджере"} | doc,
        "obligations": obligations,
    }


def ob(action, executors=("Руководители образовательных организаций",), **deadline):
    return {"clause": "1", "executors": list(executors), "action": action, "modality": "mandatory",
            "deadline": deadline or {"kind": "none"}}


@pytest.mark.parametrize(
    "act, case, expected",
    [
        ({"type": "распоряжение", "issuer": "Губернатор Херсонской области", "date": "2026-01-21", "number": "18-р"},
         "gent", "распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р"),
        ({"type": "приказ", "issuer": "Министерство образования и науки Республики Татарстан", "date": "2025-03-05", "number": "1234/25"},
         "gent", "приказа Министерства образования и науки Республики Татарстан от 05.03.2025 № 1234/25"),
        ({"type": "письмо", "issuer": "Министерство цифрового развития Ростовской области", "date": "2025-11-28", "number": "18/303дсп"},
         "ablt", "письмом Министерства цифрового развития Ростовской области от 28.11.2025 № 18/303дсп"),
        ({"type": "постановление", "issuer": "Администрация Пригородного муниципального района", "date": None, "number": "5"},
         "gent", "постановления Администрации Пригородного муниципального района № 5"),
        ({"type": "перечень поручений", "issuer": "Председатель Правительства Российской Федерации", "date": "2025-10-28", "number": "ММ-П10-40556"},
         "gent", "перечня поручений Председателя Правительства Российской Федерации от 28.10.2025 № ММ-П10-40556"),
        ({"type": "указ", "issuer": "Глава Республики Башкортостан", "date": "2025-06-01", "number": "УГ-100"},
         "gent", "указа Главы Республики Башкортостан от 01.06.2025 № УГ-100"),
    ],
)
def test_superior_act_is_cited_in_the_right_case(act, case, expected):
    assert cite_act(act, case) == expected


@pytest.mark.parametrize(
    "name, case, expected",
    [
        ("Иванова Мария Петровна", "accs", "Иванову Марию Петровну"),
        ("Иванов Иван Петрович", "accs", "Иванова Ивана Петровича"),
        ("Иванов Иван Петрович", "datv", "Иванову Ивану Петровичу"),
        ("Шевчук Анна Ивановна", "datv", "Шевчук Анне Ивановне"),  # feminine surname in a consonant does not decline
        ("Шевчук Иван Иванович", "datv", "Шевчуку Ивану Ивановичу"),
        ("Римская-Корсакова Анна Ильинична", "datv", "Римской-Корсаковой Анне Ильиничне"),
        ("Петров-Водкин Кузьма Сергеевич", "accs", "Петрова-Водкина Кузьму Сергеевича"),
        ("Дубовицкая Ирина Александровна", "gent", "Дубовицкой Ирины Александровны"),
        ("Кодзаев Тамерлан Борисович", "datv", "Кодзаеву Тамерлану Борисовичу"),
        ("Иванова М.П.", "datv", "Ивановой М.П."),
        ("М.П. Иванова", "accs", "М.П. Иванову"),
    ],
)
def test_person_names_inflect_by_gender(name, case, expected):
    assert inflect_person(name, case) == expected


def test_working_days_before_skips_holidays():
    # 12 January 2026 is the first working day after the New Year holidays (1–11 January);
    # 31 December 2025 was a day off by transfer from Sunday 5 January
    assert working_days_before(date(2026, 1, 12), 1) == date(2025, 12, 30)
    assert working_days_before(date(2026, 12, 15), 2) == date(2026, 12, 11)


def build(tmp_path, obligations, act_type=None, reply=False, **org_over):
    org = OrgProfile.load(org_toml(tmp_path, **org_over))
    plan = plan_draft(superior(obligations), org, act_type, today=TODAY)
    markup = render_markup(plan, template_for(plan.act_type, reply=reply))
    path = tmp_path / "draft.docx"
    path.write_bytes(to_docx(markup))
    return plan, docx.Document(str(path)), markup


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_order_draft_has_every_part(tmp_path):
    plan, document, _ = build(tmp_path, [
        ob("обеспечить методическое сопровождение педагогов", kind="date", date="2026-12-15", text="до 15 декабря 2026 г."),
        ob("Проведение разъяснительной работы с педагогами", kind="permanent", text="постоянно"),
        ob("выделить средства", executors=["Министерство финансов Херсонской области"]),
    ])
    lines = texts(document)
    assert lines[0] == "МБОУ «Гимназия № 2»"
    assert "ПРИКАЗ" in lines
    assert "г. Казань" in lines
    assert any(line.startswith("Об исполнении распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р") for line in lines)
    assert any(line.startswith("Во исполнение распоряжения Губернатора Херсонской области от 21.01.2026 № 18-р «О национальном мессенджере»") for line in lines)
    assert "ПРИКАЗЫВАЮ:" in lines
    # only the obligations addressed to the organisation; executor in the dative; internal deadline
    assert ("1. Заместителю директора по методической работе Римской-Корсаковой А.И. обеспечить методическое "
            "сопровождение педагогов в срок до 10.12.2026.") in lines
    assert ("2. Заместителю директора по методической работе Римской-Корсаковой А.И. обеспечить проведение "
            "разъяснительной работы с педагогами постоянно.") in lines
    assert not any("выделить средства" in line for line in lines)
    assert ("3. Контроль за исполнением настоящего приказа возложить на заместителя директора по "
            "учебно-воспитательной работе Петрова И.С.") in lines
    assert "Директор\tМ.П. Иванова" in lines
    assert "Исп.: Сидорова А.А., 8 (843) 123-45-67" in lines
    body = next(p for p in document.paragraphs if p.text.startswith("1."))
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    assert body.paragraph_format.first_line_indent is not None
    assert plan.problems == []


def test_problems_are_marked_in_the_draft(tmp_path):
    plan, document, _ = build(
        tmp_path,
        [ob("представить отчёт", kind="date", date="2026-11-01", text="до 01.11.2026"),
         ob("провести собрание", kind="date", date="2026-11-24", text="до 24.11.2026")],
        controller="",
    )
    lines = texts(document)
    assert any("срок вышестоящего акта 01.11.2026 уже прошёл" in line for line in lines)
    assert any("меньше 3 рабочих дней" in line for line in lines)
    assert any("оставляю за собой" in line for line in lines)
    highlighted = [p for p in document.paragraphs if p.runs and p.runs[0].font.highlight_color]
    assert len(highlighted) == len(plan.problems) == 3


def test_act_without_obligations_for_the_organisation(tmp_path):
    plan, document, _ = build(tmp_path, [ob("выделить средства", executors=["Министерство финансов"])])
    assert plan.clauses == []
    assert any("нет поручений" in line for line in texts(document))


def test_disposition_of_a_распоряжение(tmp_path):
    _, document, markup = build(tmp_path, [ob("обеспечить сопровождение педагогов")], act_type="распоряжение")
    lines = texts(document)
    assert "РАСПОРЯЖЕНИЕ" in lines
    assert "Контроль за исполнением настоящего распоряжения" in " ".join(lines)
    assert "**РАСПОРЯЖЕНИЕ**" in to_markdown(markup)


def test_reply_letter(tmp_path):
    _, document, _ = build(tmp_path, [ob("представить информацию о ходе работы")], reply=True)
    lines = texts(document)
    assert any(line.startswith("На № 18-р от 2026-01-21") for line in lines)
    assert any("По пункту «представить информацию о ходе работы»" in line for line in lines)


def test_missing_org_fields_are_named(tmp_path):
    path = tmp_path / "org.toml"
    path.write_text('[organisation]\nfull_name = "Школа"\n[head]\nposition = "Директор"\n', encoding="utf-8")
    with pytest.raises(DraftError, match="head.name"):
        OrgProfile.load(path)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_draft_renders_to_pdf(tmp_path):
    _, _, markup = build(tmp_path, [ob("обеспечить сопровождение педагогов", kind="date", date="2026-12-15")])
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "draft.docx")],
                   check=True, capture_output=True, timeout=180)
    import pdfplumber

    with pdfplumber.open(tmp_path / "draft.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "ПРИКАЗ" in text and "Римской-Корсаковой" in text


@pytest.mark.parametrize(
    "action, expected",
    [
        ("обеспечить использование мессенджера", "обеспечить использование мессенджера"),
        ("в случае отсутствия систем обеспечить использование мессенджера",
         "в случае отсутствия систем обеспечить использование мессенджера"),
        ("Регистрация сотрудников в мессенджере", "обеспечить регистрацию сотрудников в мессенджере"),
        ("Проведение совещания с педагогами", "обеспечить проведение совещания с педагогами"),
        ("Информирование граждан о возможности", "обеспечить информирование граждан о возможности"),
    ],
)
def test_clause_actions_become_infinitives(action, expected):
    from pipeline.draft import _action_as_infinitive

    assert _action_as_infinitive(action) == expected
