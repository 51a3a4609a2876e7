"""Build tests/heldout3/docs/ from tests/heldout3/src/*.txt.  Never touches gold/.

Run: ``.venv/bin/python tests/heldout3/make_heldout3.py``

The source markup and the renderers (docx, text pdf, scanned pdf, rtf/odt/doc via soffice,
txt in UTF-8, CP1251 or UTF-16, html) are those of ``tests/devset4/make_devset4.py``
(``render``), imported from there; see its docstring for the markup.
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

def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    for n, src in enumerate(sorted(SRC.glob("*.txt"))):
        d4.render(src.read_text(encoding="utf-8"), FORMATS[src.stem], DOCS, src.stem, seed=300 + n)
    missing = set(FORMATS) - {p.stem for p in SRC.glob("*.txt")}
    if missing:
        print("no source for:", ", ".join(sorted(missing)))
    print(f"{len(list(DOCS.iterdir()))} documents in {DOCS}")


if __name__ == "__main__":
    main()
