"""Build tests/devset5/docs/ from tests/devset5/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/devset5/make_devset5.py``

The source markup and the renderers (docx, text pdf, scanned pdf, rtf/odt/doc via soffice,
txt in UTF-8, CP1251 or UTF-16, html) are those of ``tests/devset4/make_devset4.py``
(``render``, read its docstring); they are imported from there, not copied.

Every stem's format is in FORMATS below (prefix: w=docx, p=pdf, s=scan, d=doc, r=rtf, o=odt,
t=txt, h=html).
"""

from __future__ import annotations

import importlib.util
import sys
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


def main(only: list[str] | None = None) -> None:
    DOCS.mkdir(exist_ok=True)
    srcs = sorted(SRC.glob("*.txt"))
    if not only:
        for old in DOCS.iterdir():
            old.unlink()
    for n, src in enumerate(srcs):
        if only and src.stem not in only:
            continue
        d4.render(src.read_text(encoding="utf-8"), FORMATS[src.stem], DOCS, src.stem, seed=100 + n)
    missing = set(FORMATS) - {p.stem for p in srcs}
    if missing:
        print("no source for:", ", ".join(sorted(missing)))
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main(sys.argv[1:])
