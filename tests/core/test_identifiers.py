"""Identifier normalisation: one canonical key per legal entity, invalid ones reported."""

import pytest

from hub.core.identifiers import InvalidId, NormalisedId, normalise_identifier, normalise_identifiers


@pytest.mark.parametrize("scheme,value,key", [
    ("SE-ON", "556012-5790", "SE-ON:5560125790"),
    ("SE-ON", "5560125790", "SE-ON:5560125790"),
    ("SE-ON", "556012 5790", "SE-ON:5560125790"),
    ("SE-ON", "SE556012579001", "SE-ON:5560125790"),
    ("VAT", "SE556012579001", "SE-ON:5560125790"),
    ("VAT", "SE 5560 1257 9001", "SE-ON:5560125790"),
    ("NO-BRC", "972417920", "NO-BRC:972417920"),
    ("NO-BRC", "972 417 920", "NO-BRC:972417920"),
    ("VAT", "NO972417920MVA", "NO-BRC:972417920"),
    ("NO-BRC", "NO 972 417 920 MVA", "NO-BRC:972417920"),
    ("FI-PRO", "2077474-0", "FI-PRO:20774740"),
    ("VAT", "FI20774740", "FI-PRO:20774740"),
    ("FI-PRO", "FI20774740", "FI-PRO:20774740"),
    ("DK-CVR", "13585628", "DK-CVR:13585628"),
    ("VAT", "DK13585628", "DK-CVR:13585628"),
    ("VAT", "DK 13 58 56 28", "DK-CVR:13585628"),
    ("DUNS", "15-048-3782", "DUNS:150483782"),
    ("LEI", "529900T8BM49AURSDO55", "XI-LEI:529900T8BM49AURSDO55"),
    ("GLN", "4012345000009", "GLN:4012345000009"),
    ("MY-SSM", "123456-x", "MY-SSM:123456X"),
    ("my_ssm", " 2019 0101 2345 ", "MY-SSM:201901012345"),
])
def test_valid_identifiers_normalise_to_one_key(scheme, value, key):
    result = normalise_identifier(scheme, value)
    assert isinstance(result, NormalisedId), result
    assert result.key == key


def test_vat_and_national_number_are_one_identifier():
    a = normalise_identifier("VAT", "SE556012579001")
    b = normalise_identifier("SE-ON", "556012-5790")
    assert a.key == b.key and a.national and b.national


@pytest.mark.parametrize("scheme,value", [
    ("SE-ON", "556012-5791"),        # Luhn fails
    ("NO-BRC", "972417921"),
    ("FI-PRO", "2077474-1"),
    ("DK-CVR", "13585627"),
    ("VAT", "SE556012579101"),
    ("VAT", "NO972417921MVA"),
    ("DUNS", "12345"),
    ("LEI", "529900T8BM49AURSDO56"),
    ("GLN", "4012345000008"),
    ("SE-ON", ""),
])
def test_invalid_identifiers_are_reported_with_a_reason(scheme, value):
    result = normalise_identifier(scheme, value)
    assert isinstance(result, InvalidId)
    assert result.reason


def test_normalise_identifiers_splits_and_deduplicates():
    valid, invalid = normalise_identifiers([
        ("SE-ON", "556012-5790"), ("VAT", "SE556012579001"), ("SE-ON", "556012-5791"), ("DUNS", "150483782"),
    ])
    assert [v.key for v in valid] == ["SE-ON:5560125790", "DUNS:150483782"]
    assert len(invalid) == 1 and "check digit" in invalid[0].reason


def test_kinds():
    assert normalise_identifier("DUNS", "150483782").registration
    assert not normalise_identifier("DUNS", "150483782").national
    assert not normalise_identifier("GLN", "4012345000009").registration
    assert normalise_identifier("MY-SSM", "123456-X").registration
    de = normalise_identifier("VAT", "DE136695976")
    assert isinstance(de, NormalisedId) and de.key == "VAT:DE136695976"
