"""Every reader on files made by real writers inside the tests."""

from __future__ import annotations

import pytest

from pipeline.bench import (
    ISSUER,
    ISSUER_REGIONAL,
    TABLE,
    cyrillic_font,
    make_docx,
    make_text_pdf,
    order_text,
)
from pipeline.readers import read_document

ORDER = order_text(items=4)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "cp866", "utf-16", "utf-16-le", "utf-16-be"])
def test_txt_encoding_is_detected(tmp_path, encoding):
    path = tmp_path / "приказ.txt"
    path.write_bytes(ORDER.encode(encoding, errors="replace") if encoding in ("koi8-r", "cp866") else ORDER.encode(encoding))
    doc = read_document(path)
    assert "О проведении проверки готовности" in doc.text
    assert "4. Контроль за исполнением" in doc.text
    assert doc.source.encoding.replace("-sig", "") in (encoding.replace("-sig", ""), "utf-16")


def test_txt_list_label_with_tab_is_not_a_table(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("1.\tУтвердить план.\nа)\tшкол;\n№\tМероприятие\tСрок\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text.splitlines()[:2] == ["1. Утвердить план.", "а) школ;"]
    assert len(doc.tables) == 1


HTML = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Приказ</title><style>p {margin:0}</style><script>var x = "не текст";</script></head>
<body><nav><a href="/">Главная</a> | <a href="/docs">Документы</a></nav>
<p style="text-transform:uppercase">министерство образования</p>
<p>ПРИКАЗ<br>от 12.03.2024 № 145-од</p>
<p>О проведении проверки<br>готовности организаций</p>
<div style="display:none">скрытый текст</div>
<p>1. Утвердить план.</p>
<table><tr><td>№</td><td>Мероприятие</td></tr><tr><td>1</td><td>Проверка<br>безопасности</td></tr></table>
<table><tr><td><p>Министр</p></td></tr></table>
</body></html>"""


def test_html_cp1251_blocks_tables_and_noise(tmp_path):
    path = tmp_path / "акт с сайта.html"
    path.write_bytes(HTML.encode("cp1251"))
    doc = read_document(path)
    assert doc.source.format == "html" and doc.source.encoding in ("windows-1251", "cp1251")
    assert doc.text == (
        "МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nПРИКАЗ\nот 12.03.2024 № 145-од\nО проведении проверки готовности организаций\n"
        "1. Утвердить план.\n№\tМероприятие\n1\tПроверка безопасности\nМинистр"
    )
    assert [len(r) for r in doc.tables[0].rows] == [2, 2]


def test_docx_numbering_tables_header(tmp_path):
    doc = read_document(make_docx(tmp_path / "приказ.docx", items=8))
    labels = [b.numbering for b in doc.blocks if b.numbering]
    assert labels == ["1.", "1.1.", "1.2.", "а)", "2.", "2.1.", "2.2.", "а)"]
    assert doc.blocks[0].origin.part == "header" and doc.slice(doc.blocks[0].span) == " ".join(ISSUER)
    assert "1.1. Руководителям образовательных организаций" in doc.text
    assert [[doc.slice(c.span) for c in row] for row in doc.tables[0].rows] == [list(r) for r in TABLE]


def _docx_with(tmp_path, body_xml: str, numbering_xml: str = ""):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    if numbering_xml:
        root = d.part.numbering_part.element
        for el in parse_xml(f'<w:numbering {nsdecls("w")}>{numbering_xml}</w:numbering>'):
            root.insert(0, el) if el.tag.endswith("abstractNum") else root.append(el)
    body = d.element.body
    namespaces = nsdecls("w", "wp", "a") + (
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    for el in parse_xml(f"<w:body {namespaces}>{body_xml}</w:body>"):
        body.insert(len(body) - 1, el)
    path = tmp_path / "t.docx"
    d.save(path)
    return read_document(path)


def _num_p(text: str, lvl: int, num: int) -> str:
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


LEVELS = (
    '<w:abstractNum w:abstractNumId="80">'
    '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="80"><w:abstractNumId w:val="80"/></w:num>'
    '<w:num w:numId="81"><w:abstractNumId w:val="80"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
)


def test_docx_numbering_formats_starts_restarts(tmp_path):
    body = "".join([_num_p("А", 0, 80), _num_p("Б", 1, 80), _num_p("В", 1, 80), _num_p("Г", 2, 80),
                    _num_p("Д", 0, 80), _num_p("Е", 1, 80), _num_p("Ж", 0, 81)])
    doc = _docx_with(tmp_path, body, LEVELS)
    assert [b.numbering for b in doc.blocks] == ["III.", "a)", "b)", "•", "IV.", "a)", "I."]


def test_docx_merged_cells_and_text_box_once(tmp_path):
    box = "<w:txbxContent><w:p><w:r><w:t>АДМИНИСТРАЦИЯ ГОРОДА</w:t></w:r></w:p></w:txbxContent>"
    body = (
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>ПОСТАНОВЛЕНИЕ</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Шапка</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>Срок</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Проверка</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
    )
    doc = _docx_with(tmp_path, body)
    assert doc.text.count("АДМИНИСТРАЦИЯ ГОРОДА") == 1
    assert doc.blocks[0].origin.part == "textbox"
    assert [[(c.origin.cell, doc.slice(c.span)) for c in r] for r in doc.tables[0].rows] == [
        [(0, "Шапка"), (2, "Срок")], [(0, "1"), (1, "Проверка")]]


def test_rtf_cp1251_escapes_and_unicode(tmp_path):
    rtf = (rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}"
           rb"\pard \'cf\'d0\'c8\'ca\'c0\'c7\par \u1086?\u1090? 12.03.2024\par"
           rb"\trowd\cellx2000\cellx4000 \intbl \'b9\cell \'d1\'f0\'ee\'ea\cell\row\pard}")
    path = tmp_path / "a.rtf"
    path.write_bytes(rtf)
    doc = read_document(path)
    assert doc.text == "ПРИКАЗ\nот 12.03.2024\n№\tСрок"
    assert doc.source.encoding == "cp1251"


def test_odt_paragraphs_lists_tables(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import List, ListItem, ListLevelStyleNumber, ListStyle, P

    d = OpenDocumentText()
    ls = ListStyle(name="Num")
    ls.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    ls.addElement(ListLevelStyleNumber(level=2, numformat="1", numsuffix=".", displaylevels=2))
    d.automaticstyles.addElement(ls)
    d.text.addElement(P(text="ПРИКАЗ"))
    lst = List(stylename="Num")
    for text in ("Утвердить план.", "Назначить ответственного."):
        item = ListItem()
        item.addElement(P(text=text))
        lst.addElement(item)
    sub = List()
    sub_item = ListItem()
    sub_item.addElement(P(text="Провести проверку."))
    sub.addElement(sub_item)
    item.addElement(sub)
    d.text.addElement(lst)
    t = Table(name="T")
    t.addElement(TableColumn(numbercolumnsrepeated=2))
    for row in (("№", "Срок"), ("1", "до 1 мая")):
        tr = TableRow()
        for cell in row:
            tc = TableCell()
            tc.addElement(P(text=cell))
            tr.addElement(tc)
        t.addElement(tr)
    d.text.addElement(t)
    path = tmp_path / "a.odt"
    d.save(str(path))
    doc = read_document(path)
    assert doc.text == "ПРИКАЗ\n1. Утвердить план.\n2. Назначить ответственного.\n2.1. Провести проверку.\n№\tСрок\n1\tдо 1 мая"


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory):
    if cyrillic_font() is None:
        pytest.skip("нет шрифта DejaVuSans (apt-get install fonts-dejavu-core)")
    return read_document(make_text_pdf(tmp_path_factory.mktemp("pdf") / "приказ с таблицей.pdf", pages=3))


def test_pdf_two_column_header_is_not_interleaved(text_pdf):
    lines = text_pdf.text.splitlines()
    assert lines[:3] == [ISSUER[0], ISSUER[1], " ".join(ISSUER_REGIONAL)]


def test_pdf_paragraphs_joined_items_split_hyphens_joined(text_pdf):
    paras = [text_pdf.slice(b.span) for b in text_pdf.paragraphs()]
    assert "ПРИКАЗ" in paras
    assert any(p.startswith("В соответствии с Федеральным законом") and p.endswith("приказываю:") for p in paras)
    assert sum(p.startswith("2. Руководителям образовательных организаций обеспечить") for p in paras) == 3
    assert "Провести анализ информационных систем учреждения." in paras


def test_pdf_table_cells_once_and_margins_dropped(text_pdf):
    assert [[text_pdf.slice(c.span) for c in r] for r in text_pdf.tables[0].rows] == [list(r) for r in TABLE]
    assert text_pdf.text.count("Проверка пожарной безопасности") == 1
    assert "Приказ № 145-од от 12.03.2024" not in text_pdf.text  # running header
    assert not any(text_pdf.slice(b.span).strip().isdigit() for b in text_pdf.paragraphs())
    assert {b.origin.page for b in text_pdf.blocks} == {1, 2, 3}
    assert text_pdf.source.pages == 3 and not text_pdf.source.ocr


@pytest.mark.slow
def test_doc_through_libreoffice(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice не установлен")
    src = make_docx(tmp_path / "a.docx", items=4)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=180, check=True)
    doc = read_document(tmp_path / "a.doc")
    assert doc.source.format == "doc"
    assert [b.numbering for b in doc.blocks if b.numbering][:3] == ["1.", "1.1.", "1.2."]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_html_name_without_markup_is_read_as_text(tmp_path, encoding):
    text = (
        "АДМИНИСТРАЦИЯ ГОРОДА\n\nПРИКАЗ\nот 12.03.2024 № 5\n\nО проведении проверки\n\n"
        "1. Утвердить план <1>.\n2. Руководителям организаций\nобеспечить контроль.\n\n<1> Не приводится.\n"
    )
    path = tmp_path / "выгрузка с сайта.html"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.source.format == "txt" and doc.source.encoding == encoding
    assert doc.text.splitlines() == [
        "АДМИНИСТРАЦИЯ ГОРОДА", "ПРИКАЗ", "от 12.03.2024 № 5", "О проведении проверки",
        "1. Утвердить план <1>.", "2. Руководителям организаций обеспечить контроль.", "<1> Не приводится.",
    ]


def test_html_with_markup_after_plain_lines_is_html(tmp_path):
    path = tmp_path / "a.htm"
    path.write_text("Приказ\n<p>1. Утвердить план.</p><p>2. Провести<br>проверку.</p>", encoding="utf-8")
    doc = read_document(path)
    assert doc.source.format == "html" and doc.text.splitlines() == ["Приказ", "1. Утвердить план.", "2. Провести проверку."]


def test_unsupported_format_message_lists_extensions(tmp_path):
    from pipeline.errors import UnsupportedFormat

    path = tmp_path / "a.xyz"
    path.write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(UnsupportedFormat) as err:
        read_document(path)
    assert "читает: ." in str(err.value) and ", ," not in str(err.value)
