"""Audit-plan reasons said in the reader's language from the API's params (gateway/ui/reasons.py)."""

from __future__ import annotations

import pytest

from gateway.ui.i18n import Translator
from gateway.ui.reasons import say
from hub.core.audit_plan import Reason

OPEN = Reason("open_critical", "2 open critical findings (labour rights)", 3.0,
              {"count": 2, "severity": "critical", "areas": ["labour_rights"], "at_site": False}).as_dict()
RISK = Reason("category_risk", "very high risk (labour rights) for 33141420 in MY", 1.0,
              {"level": "very_high", "areas": ["labour_rights"],
               "where": [{"category": "33141420", "country": "MY"}]}).as_dict()
OVERDUE = Reason("audit_overdue", "this site was last audited on 2019-03-12, 92 months ago (horizon 12 months)", 1.0,
                 {"at_site": True, "last_audit": "2019-03-12", "months": 92, "horizon_months": 12}).as_dict()
LEVERAGE = Reason("leverage", "2 partners buy from this supplier: adda, hus", 0.5,
                  {"count": 2, "partners": ["adda", "hus"]}).as_dict()


@pytest.mark.parametrize("lang, reason, said", [
    ("sv", OPEN, "Öppna avvikelser, kritisk: 2 (Arbetsrätt)"),
    ("nb", RISK, "Risikonivå svært høy (Arbeidstakerrettigheter) for 33141420 i MY"),
    ("fi", OVERDUE, "Toimipaikka auditoitiin viimeksi 2019-03-12, 92 kuukautta sitten (aikajänne 12 kuukautta)"),
    ("en", LEVERAGE, "Partners that buy from the supplier: 2 (Adda Inköpscentral, "
                     "HUS Helsingin yliopistollinen sairaala)"),
])
def test_a_reason_is_said_in_the_readers_language_from_its_params(lang, reason, said):
    assert say(Translator(lang), reason) == said


def test_without_params_or_with_an_unknown_code_the_apis_english_stands():
    t = Translator("fi")
    assert say(t, {"code": "open_critical", "text": "1 open critical finding", "weight": 3.0}) == \
        "1 open critical finding"
    assert say(t, dict(OPEN, code="something_new")) == OPEN["text"]
    assert say(t, dict(RISK, params={"level": "very_high"})) == RISK["text"]  # facts missing: no half sentence
