"""UI text in English, Swedish, Norwegian Bokmål and Finnish; English is the shared fallback.

The words live in ``gateway/ui/texts/<lang>.py`` (data only, one file a
translator can own); this module is the engine. Terms follow the partners'
own words (avvikelser / avvik / poikkeamat, korrigerande åtgärdsplan /
korrigerende tiltak / korjaavat toimenpiteet, sanktionstrappa...).
``Translator(lang)`` gives ``t(key, **values)`` for sentences and
``label(kind, code)`` for the schema's enums (areas, severities, sanction
steps, audit types, risk levels, alert kinds, match states). A key missing in
a language falls back to English, and a code missing in English too is shown
as it is, so new enum symbols never break a page.
"""

from __future__ import annotations

from collections.abc import Iterable

from gateway.auth.login import base_language

from .texts import en, fi, nb, sv

LANGUAGES = ("en", "sv", "nb", "fi")
DEFAULT = "en"
#: Shown in the language switch, each in its own language.
LANGUAGE_NAMES = {"en": "English", "sv": "Svenska", "nb": "Norsk bokmål", "fi": "Suomi"}

_MODULES = {"en": en, "sv": sv, "nb": nb, "fi": fi}
TEXT: dict[str, dict[str, str]] = {lang: _MODULES[lang].TEXT for lang in LANGUAGES}
LABELS: dict[str, dict[str, dict[str, str]]] = {lang: _MODULES[lang].LABELS for lang in LANGUAGES}

#: Orders for enums (for tables, charts and the sanction ladder).
SEVERITIES = ("minor", "major", "critical", "zero_tolerance")
AREAS = ("human_rights", "labour_rights", "environment", "anti_corruption")
RISK_LEVELS = ("low", "medium", "high", "very_high")
SANCTION_STEPS = ("dialogue", "written_demand", "formal_warning", "contractual_penalty", "suspension", "termination",
                  "exclusion")


class Translator:
    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT

    def __call__(self, key: str, **values: object) -> str:
        text = TEXT[self.lang].get(key) or TEXT[DEFAULT].get(key) or key
        return text.format(**values) if values else text

    def field_error(self, field: str) -> str:
        """What to correct in form field ``field`` after the API refused its value (a generic line if unknown)."""
        key = f"form.invalid.{field}"
        return self(key) if key in TEXT[DEFAULT] else self("form.invalid.other")

    def label(self, kind: str, code: object) -> str:
        if code is None or code == "":
            return "–"
        code = str(code)
        return (LABELS[self.lang].get(kind, {}).get(code) or LABELS[DEFAULT].get(kind, {}).get(code)
                or code.replace("_", " "))


def negotiate(accept_language: str | None, supported: Iterable[str] = LANGUAGES) -> str | None:
    """The first supported language in an Accept-Language header (q-values honoured, q=0 refused).

    Only the primary subtag counts ("nb-NO" is "nb"), and the login page's
    aliases apply (``base_language``), so "no" and "nn-NO" choose Bokmål.
    """
    choices = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            choices.append((-q, i, base_language(tag)))
    for _, _, lang in sorted(choices):
        if lang in supported:
            return lang
    return None
