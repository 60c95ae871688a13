"""The dashboard's and the login page's language data, without a server.

Every language must have exactly English's keys (a missing key would show
English mid-page; an extra one is a typo), keep the same ``{placeholders}``
(``str.format`` would raise on a renamed one), and be reachable from the
tags Norwegian and Finnish browsers and OpenID clients really send.
"""

from __future__ import annotations

import re
import string

import pytest

from gateway.auth import login
from gateway.ui import i18n
from gateway.ui.i18n import DEFAULT, LABELS, LANGUAGE_NAMES, LANGUAGES, TEXT, Translator, negotiate

OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_languages_in_order_each_with_its_own_name():
    assert LANGUAGES == ("en", "sv", "nb", "fi")
    assert LANGUAGE_NAMES == {"en": "English", "sv": "Svenska", "nb": "Norsk bokmål", "fi": "Suomi"}
    assert set(TEXT) == set(LABELS) == set(LANGUAGES)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_exactly_the_english_keys(lang):
    assert sorted(TEXT[lang]) == sorted(TEXT["en"])
    assert sorted(LABELS[lang]) == sorted(LABELS["en"])
    for kind, codes in LABELS["en"].items():
        assert sorted(LABELS[lang][kind]) == sorted(codes), kind


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_the_english_placeholders_and_markup(lang):
    for key, english in TEXT["en"].items():
        assert placeholders(TEXT[lang][key]) == placeholders(english), key
        assert sorted(re.findall(r"</?\w+", TEXT[lang][key])) == sorted(re.findall(r"</?\w+", english)), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_or_untrimmed_text(lang):
    values = list(TEXT[lang].values()) + [v for codes in LABELS[lang].values() for v in codes.values()]
    assert all(v and v == v.strip() for v in values)


def test_enum_orders_are_covered_by_the_labels():
    for kind, order in (("severity", i18n.SEVERITIES), ("area", i18n.AREAS), ("risk_level", i18n.RISK_LEVELS),
                        ("sanction_step", i18n.SANCTION_STEPS)):
        assert set(LABELS["en"][kind]) == set(order), kind


def test_partners_terms_are_used():
    nb, fi = Translator("nb"), Translator("fi")
    assert nb("supplier.findings") == "Åpne avvik" and "korrigerende tiltak" in nb("supplier.cap")
    assert fi("supplier.findings") == "Avoimet poikkeamat" and "Korjaavien toimenpiteiden" in fi("supplier.cap")
    assert [nb.label("area", a) for a in i18n.AREAS] == ["Menneskerettigheter", "Arbeidstakerrettigheter", "Miljø",
                                                         "Antikorrupsjon"]
    assert [fi.label("area", a) for a in i18n.AREAS] == ["Ihmisoikeudet", "Työntekijöiden oikeudet", "Ympäristö",
                                                         "Korruption vastaisuus"]
    assert nb("search.count", count=3) == "3 leverandører vises"
    assert fi("alerts.new", supplier="X") == "Uusi hälytys: X"


@pytest.mark.parametrize("header, expected", [
    ("nb", "nb"), ("nb-NO", "nb"), ("no", "nb"), ("no-NO", "nb"), ("nn", "nb"), ("nn-NO", "nb"), ("NB-no", "nb"),
    ("fi", "fi"), ("fi-FI", "fi"), ("de-DE, fi-FI;q=0.9, en;q=0.8", "fi"), ("en;q=0.5, nn-NO;q=0.9", "nb"),
    ("sv-SE,sv;q=0.9,en;q=0.5", "sv"), ("fi;q=0, en", "en"), ("de, fr", None), ("", None), (None, None),
])
def test_negotiate(header, expected):
    assert negotiate(header) == expected


@pytest.mark.parametrize("ui_locales, expected", [
    ("nb", "nb"), ("nb-NO en", "nb"), ("no", "nb"), ("nn-NO", "nb"), ("fi-FI sv", "fi"), ("sv-SE en", "sv"),
    ("de", "en"), (None, "en"),
])
def test_login_page_language(ui_locales, expected):
    assert login.language(ui_locales) == expected


def test_login_page_speaks_every_ui_language_with_the_same_keys():
    assert set(LANGUAGES) <= set(login.TEXT)
    for lang, text in login.TEXT.items():
        assert sorted(text) == sorted(login.TEXT["en"]), lang


@pytest.mark.parametrize("lang, word", [("nb", "Passord"), ("fi", "Salasana")])
def test_login_page_renders_in_norwegian_and_finnish(lang, word):
    html = login.render_login(lang=lang, params={}, csrf="c", client_name="hub-ui", error="bad_credentials")
    assert f'<html lang="{lang}">' in html and word in html and login.TEXT[lang]["bad_credentials"] in html
    error = login.render_error(lang=lang, error="invalid_request", description=None)
    assert f'<html lang="{lang}">' in error and login.TEXT[lang]["error_title"] in error


def test_language_modules_hold_only_data():
    from gateway.ui.texts import en, fi, nb, sv
    for module in (en, sv, nb, fi):
        names = {n for n in vars(module) if not n.startswith("__")}
        assert names == {"TEXT", "LABELS"}, module.__name__
