"""Build tests/devset5/docs/ from tests/devset5/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/devset5/make_devset5.py``

The source markup and the renderers (docx, text pdf, scanned pdf, txt, html, and the soffice
conversion to rtf/odt) are those of ``tests/devset4/make_devset4.py`` (read its docstring); they
are imported from there, not copied.  This script adds only what devset4 lacks:

  * ``doc``       Word 97-2003: the docx rendering converted by ``soffice --headless --convert-to doc``;
  * ``txt-utf16`` plain text in UTF-16 (little endian, with BOM) and CRLF line ends.

Every stem's format is in FORMATS below (prefix: w=docx, p=pdf, s=scan, d=doc, r=rtf, o=odt,
t=txt, h=html).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SRC = HERE / "src"
DOCS = HERE / "docs"

_spec = importlib.util.spec_from_file_location(
    "make_devset4", HERE.parent / "devset4" / "make_devset4.py")
d4 = importlib.util.module_from_spec(_spec)
sys.modules["make_devset4"] = d4
_spec.loader.exec_module(d4)

FORMATS = {
    "w01_ce_minzdrav_prikaz_kor": "docx",
    "w02_astrakhan_gkb2_prikaz_plan_kachestvo": "docx",
    "w03_kamen_kchs_protokol_pavodok": "docx",
    "w04_tomsk_gubernator_rasp_porucheniya": "docx",
    "w05_orel_gau_prikaz_priem": "docx",
    "w06_novosibirsk_usd_prikaz_proverka_arhiv": "docx",
    "w07_kotlas_finupr_prikaz_zavershenie_goda": "docx",
    "w08_krasnodar_gumvd_letter_podrostok": "docx",
    "p01_tyv_vetsluzhba_prikaz_beshenstvo": "pdf",
    "p02_shuya_postanovlenie_plan_pozhar": "pdf",
    "p03_volhov_prokuratura_predstavlenie": "pdf",
    "p04_balashov_tik_reshenie_vybory": "pdf",
    "s01_murmansk_sport_prikaz_spartakiada_scan": "scan",
    "s02_perm_minsoc_letter_unnumbered_scan": "scan",
    "d01_pskov_kultura_prikaz_noch_muzeev": "doc",
    "d02_salsk_kumi_rasp_zemkontrol": "doc",
    "d03_orenburg_mintrans_prikaz_dachnye_marshruty": "doc",
    "r01_kjh_arhiv_prikaz_proverki": "rtf",
    "r02_dobryanka_uo_prikaz_leto": "rtf",
    "o01_mhr_minkult_prikaz_peledysh": "odt",
    "o02_shchuchye_rasp_uborka_punkt": "odt",
    "t01_av_gunib_postanovlenie_blagoustroystvo": "txt-utf8",
    "t02_sokol_atk_protokol": "txt-utf8",
    "t03_vanino_uo_prikaz_glued_numbers": "txt-utf8",
    "t04_vladimir_ufsin_letter_cp1251": "txt-cp1251",
    "t05_kinel_rasp_dekada_invalidov_cp1251": "txt-cp1251",
    "t06_kansk_postanovlenie_chs_cp1251": "txt-cp1251",
    "t07_karelia_minfin_letter_utf16": "txt-utf16",
    "h01_xal_minselkhoz_prikaz_pastbishcha": "html",
    "h02_asbest_postanovlenie_otopitelny": "html",
}


def _own_abstract_nums(docx_path: Path) -> None:
    """Give every list (w:num) its own copy of its abstract numbering and drop its lvlOverride.

    devset4's docx lists share an abstract numbering and restart through
    ``<w:lvlOverride><w:startOverride>``.  Word and LibreOffice read that fine in .docx,
    .rtf and .odt, but LibreOffice's export to Word 97 (.doc) turns the overrides into
    restarts at every list paragraph after an interruption ("1. 1. 2." instead of
    "1. 2. 3.", "а) а) б)").  A list with its own abstract numbering needs no override,
    so the .doc shows the numbers written in the source.
    """
    import copy
    import zipfile

    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    q = lambda tag: f"{{{w}}}{tag}"          # noqa: E731
    with zipfile.ZipFile(docx_path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts["word/numbering.xml"])
    abstracts = {a.get(q("abstractNumId")): a for a in root.findall(q("abstractNum"))}
    first_num = root.find(q("num"))
    next_id = 2000
    for num in root.findall(q("num")):
        if num.find(q("lvlOverride")) is None:
            continue
        ref = num.find(q("abstractNumId"))
        clone = copy.deepcopy(abstracts[ref.get(q("val"))])
        clone.set(q("abstractNumId"), str(next_id))
        for nsid in clone.findall(q("nsid")):
            clone.remove(nsid)
        first_num.addprevious(clone)
        ref.set(q("val"), str(next_id))
        for ov in num.findall(q("lvlOverride")):
            num.remove(ov)
        next_id += 1
    parts["word/numbering.xml"] = etree.tostring(root, xml_declaration=True,
                                                 encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def build(stem: str, text: str, n: int) -> None:
    fmt = FORMATS[stem]
    if fmt == "docx":
        d4.build_docx(text, DOCS / f"{stem}.docx")
    elif fmt == "pdf":
        d4.build_pdf(text, DOCS / f"{stem}.pdf")
    elif fmt == "scan":
        d4.build_scan(text, DOCS / f"{stem}.pdf", seed=100 + n)
    elif fmt in ("rtf", "odt", "doc"):
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp) / f"{stem}.docx"
            d4.build_docx(text, d)
            if fmt == "doc":
                _own_abstract_nums(d)
            d4.convert(d, fmt, Path(tmp))
            shutil.copy(Path(tmp) / f"{stem}.{fmt}", DOCS / f"{stem}.{fmt}")
    elif fmt.startswith("txt"):
        body = d4.render_txt(text)
        if fmt == "txt-utf8":
            data = body.encode("utf-8")
        elif fmt == "txt-cp1251":
            data = body.replace("\n", "\r\n").encode("cp1251")
        elif fmt == "txt-utf16":
            data = body.replace("\n", "\r\n").encode("utf-16")      # BOM + little endian
        else:
            raise ValueError(fmt)
        (DOCS / f"{stem}.txt").write_bytes(data)
    elif fmt == "html":
        first = next(d4.plain(v["text"]) for k, v in d4.parse(text) if k == "para")
        (DOCS / f"{stem}.html").write_text(d4.render_html(text, first), encoding="utf-8")
    else:
        raise ValueError(fmt)


def main(only: list[str] | None = None) -> None:
    DOCS.mkdir(exist_ok=True)
    srcs = sorted(SRC.glob("*.txt"))
    if not only:
        for old in DOCS.iterdir():
            old.unlink()
    for n, src in enumerate(srcs):
        if only and src.stem not in only:
            continue
        build(src.stem, src.read_text(encoding="utf-8"), n)
    missing = set(FORMATS) - {p.stem for p in srcs}
    if missing:
        print("no source for:", ", ".join(sorted(missing)))
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main(sys.argv[1:])
