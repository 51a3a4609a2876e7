"""RTF: page headers/footers and text boxes, which striprtf alone skips."""

from __future__ import annotations

import pytest

from pipeline.readers import read_document


def _cp(text: str) -> str:
    """Word's escapes of cp1251 bytes: "ПРИКАЗ" → "\\'cf\\'d0..."."""
    return "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in text.encode("cp1251"))


PROLOGUE = r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman\fcharset204 Times New Roman;}}"
# Word writes a copy of the header for left, right and first pages (\titlepg)
HEADER = "{\\headerl \\pard\\plain " + _cp("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ОБЛАСТИ") + "\\par }" \
    + "{\\headerr \\pard\\plain " + _cp("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ОБЛАСТИ") + "\\par }" \
    + "{\\headerf \\pard\\plain\\trowd\\cellx3000\\cellx6000 \\intbl " + _cp("Исх.") + "\\cell " + _cp("Вх.") + "\\cell\\row\\pard}"
FOOTER = "{\\footer \\pard\\plain " + _cp("Исполнитель Сидорова Е.В., 8 (800) 000-00-00") + "\\par }"
# a header blank drawn in a text box: the text in \shptxt, a drawing-object copy in \shprslt
TEXT_BOX = (
    "{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4000\\shpbottom900\\shpwr3\\shplid1025"
    "{\\sp{\\sn shapeType}{\\sv 202}}{\\shptxt \\pard\\plain " + _cp("АДМИНИСТРАЦИЯ СЕЛЬСКОГО ПОСЕЛЕНИЯ") + "\\par }}"
    "{\\shprslt{\\*\\do\\dobxcolumn\\dptxbx{\\dptxbxtext\\pard\\plain " + _cp("АДМИНИСТРАЦИЯ СЕЛЬСКОГО ПОСЕЛЕНИЯ") + "\\par }}}}"
)
BODY = "\\pard\\plain " + _cp("ПОСТАНОВЛЕНИЕ") + "\\par " + _cp("от 05.06.2024 № 7") + "\\par " \
    + "\\trowd\\cellx2000\\cellx6000 \\intbl 1\\cell " + _cp("Провести проверку") + "\\cell\\row\\pard "


@pytest.mark.parametrize(
    ("groups", "expected", "parts"),
    [
        (HEADER + BODY + FOOTER,
         ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ОБЛАСТИ", "Исх.\tВх.", "ПОСТАНОВЛЕНИЕ", "от 05.06.2024 № 7", "1\tПровести проверку",
          "Исполнитель Сидорова Е.В., 8 (800) 000-00-00"],
         ["header", "header", "header", "body", "body", "body", "body", "footer"]),
        (TEXT_BOX + BODY,
         ["АДМИНИСТРАЦИЯ СЕЛЬСКОГО ПОСЕЛЕНИЯ", "ПОСТАНОВЛЕНИЕ", "от 05.06.2024 № 7", "1\tПровести проверку"],
         ["body"] * 5),
        ("{\\header \\pard " + TEXT_BOX + "\\par }" + BODY,
         ["АДМИНИСТРАЦИЯ СЕЛЬСКОГО ПОСЕЛЕНИЯ", "ПОСТАНОВЛЕНИЕ", "от 05.06.2024 № 7", "1\tПровести проверку"],
         ["header"] + ["body"] * 4),
    ],
    ids=["header-copies-footer", "text-box", "text-box-in-header"],
)
def test_headers_footers_and_text_boxes_are_read(tmp_path, groups, expected, parts):
    path = tmp_path / "a.rtf"
    path.write_bytes((PROLOGUE + groups + "}").encode("ascii"))
    doc = read_document(path)
    assert doc.text.splitlines() == expected
    assert [b.origin.part for b in doc.blocks] == parts
    tables = sorted({b.origin.table for b in doc.blocks if b.origin.table is not None})
    assert tables == list(range(len(tables)))  # a header table and a body table are two tables


def test_escaped_braces_do_not_end_a_header(tmp_path):
    path = tmp_path / "a.rtf"
    path.write_bytes((PROLOGUE + "{\\header \\pard " + _cp("Шифр \\{А-1\\}") + "\\par }" + BODY + "}").encode("ascii"))
    assert read_document(path).text.splitlines()[0] == "Шифр {А-1}"


@pytest.mark.slow
def test_libreoffice_rtf_header_and_footer(tmp_path):
    import shutil
    import subprocess

    import docx

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice не установлен")
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "КОМИТЕТ ПО ОБРАЗОВАНИЮ"
    d.sections[0].footer.paragraphs[0].text = "Исп. Орлова"
    d.add_paragraph("РАСПОРЯЖЕНИЕ")
    d.save(tmp_path / "a.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "rtf",
                    "--outdir", str(tmp_path), str(tmp_path / "a.docx")], capture_output=True, timeout=180, check=True)
    doc = read_document(tmp_path / "a.rtf")
    assert doc.text.splitlines() == ["КОМИТЕТ ПО ОБРАЗОВАНИЮ", "РАСПОРЯЖЕНИЕ", "Исп. Орлова"]
    assert [b.origin.part for b in doc.blocks] == ["header", "body", "footer"]


def test_cell_of_several_paragraphs_and_tab_in_a_paragraph(tmp_path):
    # Word repeats the row definition (\trowd) before \row; a \tab in a paragraph is no cell
    row = "\\trowd\\cellx1000\\cellx5000\\cellx8000 \\intbl "
    rtf = (PROLOGUE + "\\pard " + _cp("План мероприятий") + "\\par " + row + "1\\cell " + _cp("Провести")
           + "\\par " + _cp("инвентаризацию") + "\\cell " + _cp("до 1 июля") + "\\cell" + row + "\\row "
           + row + "2\\cell " + _cp("Сдать отчёт") + "\\cell \\cell\\row\\pard " + _cp("Директор") + "\\tab\\tab "
           + _cp("И.И. Петров") + "\\par}")
    path = tmp_path / "a.rtf"
    path.write_bytes(rtf.encode("ascii"))
    doc = read_document(path)
    assert [[(c.origin.cell, doc.slice(c.span)) for c in r] for r in doc.tables[0].rows] == [
        [(0, "1"), (1, "Провести инвентаризацию"), (2, "до 1 июля")], [(0, "2"), (1, "Сдать отчёт")]]
    assert [doc.slice(b.span) for b in doc.paragraphs()] == ["План мероприятий", "Директор И.И. Петров"]
