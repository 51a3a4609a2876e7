"""Build tests/heldout3/docs/ from tests/heldout3/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/heldout3/make_heldout3.py``

The source markup and the renderers (docx, text pdf, scanned pdf, rtf/odt via soffice,
txt, html) are those of ``tests/devset4/make_devset4.py``, imported from there; see its
docstring for the markup.  This script adds only what devset4 lacks:

* ``doc``: Word 97-2003.  The docx is rendered by devset4's ``build_docx``; then every
  Word list (``w:num``) gets an abstract numbering of its own and loses its
  ``w:lvlOverride`` (LibreOffice's Word 97 export otherwise renumbers a list after each
  interruption), and the result is converted with ``soffice --headless --convert-to doc``.
* ``txt-utf16``: UTF-16 little endian with a BOM and CRLF line ends.
"""

from __future__ import annotations

import copy
import importlib.util
import shutil
import sys
import tempfile
import zipfile
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
    # .docx
    "w01_khabarovsk_gkb2_prikaz_ismp": "docx",
    "w02_zabaykalsky_gubernator_perechen": "docx",
    "w03_amur_blagoveshchensky_kchs_protokol": "docx",
    "w04_tomsk_tgasu_prikaz_priem": "docx",
    "w05_ady_minselkhoz_prikaz_posevnaya": "docx",
    "w06_primorye_khasan_duma_reshenie_dorogi": "docx",
    "w07_dagestan_omvd_kizlyar_letter_moshennichestvo": "docx",
    "w08_novgorod_tik_starorussky_postanovlenie_vybory": "docx",
    # text pdf
    "p01_lez_suleyman_stalsky_postanovlenie_pozhar": "pdf",
    "p02_karelia_pudozh_postanovlenie_plan_otopitelny": "pdf",
    "p03_irkutsk_prokuratura_ustkut_predstavlenie": "pdf",
    "p04_kaliningrad_minsport_prikaz_gto": "pdf",
    # scanned pdf (image only)
    "s01_yakutia_vet_megino_prikaz_scan": "scan",
    "s02_karelia_kem_finupr_letter_scan": "scan",
    # .doc (Word 97-2003)
    "d01_novorossiysk_rasp_dorozhnaya_karta": "doc",
    "d02_engels_zkh_sluzhebnaya_zapiska": "doc",
    "d03_kurgan_soczashita_prikaz": "doc",
    # .rtf / .odt
    "r01_alt_minkult_prikaz_festival": "rtf",
    "r02_buryatia_usd_prikaz_statistika": "rtf",
    "o01_koi_kudymkar_postanovlenie_arhiv": "odt",
    "o02_neryungri_kumi_prikaz_zemkontrol": "odt",
    # .txt
    "t01_inh_sunzha_rasp_blagoustroystvo": "txt-utf8",
    "t02_murmansk_protokol_transport": "txt-utf8",
    "t03_kamchatka_school5_prikaz_lager": "txt-utf8",
    "t04_altai_krai_gu_mchs_letter_cp1251": "txt-cp1251",
    "t05_omsk_tyukalinsk_postanovlenie_beshenstvo_cp1251": "txt-cp1251",
    "t06_kungur_finupr_prikaz_cp1251": "txt-cp1251",
    "t07_nsk_minzdrav_letter_utf16": "txt-utf16",
    # .html
    "h01_mhr_minzdrav_prikaz_html": "html",
    "h02_karelia_ufsin_letter_html": "html",
}

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def separate_lists(docx_path: Path) -> None:
    """Give every w:num its own abstractNum and drop its lvlOverride (for the .doc export)."""
    from lxml import etree

    with zipfile.ZipFile(docx_path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(items["word/numbering.xml"])
    abstracts = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
    first_num = root.find(W + "num")
    next_id = 2000
    for num in root.findall(W + "num"):
        ref = num.find(W + "abstractNumId")
        src = abstracts.get(ref.get(W + "val"))
        if src is None:
            continue
        clone = copy.deepcopy(src)
        clone.set(W + "abstractNumId", str(next_id))
        nsid = clone.find(W + "nsid")
        if nsid is not None:
            clone.remove(nsid)
        first_num.addprevious(clone)
        ref.set(W + "val", str(next_id))
        for ov in num.findall(W + "lvlOverride"):
            num.remove(ov)
        next_id += 1
    items["word/numbering.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                 standalone=True)
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    for n, src in enumerate(sorted(SRC.glob("*.txt"))):
        stem, text = src.stem, src.read_text(encoding="utf-8")
        fmt = FORMATS[stem]
        if fmt == "docx":
            d4.build_docx(text, DOCS / f"{stem}.docx")
        elif fmt == "pdf":
            d4.build_pdf(text, DOCS / f"{stem}.pdf")
        elif fmt == "scan":
            d4.build_scan(text, DOCS / f"{stem}.pdf", seed=300 + n)
        elif fmt in ("rtf", "odt", "doc"):
            with tempfile.TemporaryDirectory() as tmp:
                d = Path(tmp) / f"{stem}.docx"
                d4.build_docx(text, d)
                if fmt == "doc":
                    separate_lists(d)
                d4.convert(d, fmt, Path(tmp))
                shutil.copy(Path(tmp) / f"{stem}.{fmt}", DOCS / f"{stem}.{fmt}")
        elif fmt.startswith("txt"):
            body = d4.render_txt(text)
            if fmt == "txt-utf8":
                data = body.encode("utf-8")
            elif fmt == "txt-cp1251":
                data = body.replace("\n", "\r\n").encode("cp1251")
            else:  # txt-utf16
                data = "\ufeff".encode("utf-16-le") + body.replace("\n", "\r\n").encode("utf-16-le")
            (DOCS / f"{stem}.txt").write_bytes(data)
        elif fmt == "html":
            first = next(d4.plain(v["text"]) for k, v in d4.parse(text) if k == "para")
            (DOCS / f"{stem}.html").write_text(d4.render_html(text, first), encoding="utf-8")
        else:
            raise ValueError(f"{stem}: unknown format {fmt}")
    missing = set(FORMATS) - {p.stem for p in SRC.glob("*.txt")}
    if missing:
        print("no source for:", ", ".join(sorted(missing)))
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main()
