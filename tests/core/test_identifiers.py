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
    # a German register entry: court and number in either order, the court however spelt
    ("DE-CR", "Amtsgericht München HRB 58659", "DE-CR:HRB58659-MUNCHEN"),
    ("DE-CR", "HRB 58659, Muenchen", "DE-CR:HRB58659-MUNCHEN"),
    ("DE-CR", "HRB 58659 München", "DE-CR:HRB58659-MUNCHEN"),
    ("DE-CR", "Berlin (Charlottenburg) HRB 1234 B", "DE-CR:HRB1234B-BERLINCHARLOTTENBURG"),
    ("DE-CR", "HRA 226433", "DE-CR:HRA226433"),
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


@pytest.mark.parametrize("scheme,value,key", [
    # China's unified social credit code, however the partner labels it
    ("CN-USCC", "91330602MA9RKFP9AM", "CN-USCC:91330602MA9RKFP9AM"),
    ("CN-SAIC", "91330602 MA9RKFP9AM", "CN-USCC:91330602MA9RKFP9AM"),
    ("VAT", "91330602MA9RKFP9AM", "CN-USCC:91330602MA9RKFP9AM"),
    # India: every GSTIN holds the company's PAN; one company, one PAN, a GSTIN per state
    ("IN-GSTIN", "33MCBCD0242Z1ZU", "IN-PAN:MCBCD0242Z"),
    ("VAT", "33MCBCD0242Z1ZU", "IN-PAN:MCBCD0242Z"),
    ("PAN", "MCBCD0242Z", "IN-PAN:MCBCD0242Z"),
    # Vietnam: a branch's 13-digit tax code starts with its company's 10 digits
    ("VN-MST", "0485980085", "VN-MST:0485980085"),
    ("VAT", "0485980085-001", "VN-MST:0485980085"),
])
def test_registers_with_a_check_character_outside_the_eu(scheme, value, key):
    result = normalise_identifier(scheme, value)
    assert isinstance(result, NormalisedId) and result.national, result
    assert result.key == key


def test_outside_the_eu_a_failed_check_character_is_invalid_and_another_format_is_local():
    assert isinstance(normalise_identifier("CN-USCC", "91330602MA9RKFP9AX"), InvalidId)
    assert isinstance(normalise_identifier("VN-MST", "0485980086"), InvalidId)
    older = normalise_identifier("CN-SAIC", "330602000123456")  # a pre-2015 registration number
    assert isinstance(older, NormalisedId) and older.kind == "local" and older.key == "CN-SAIC:330602000123456"


def test_a_bare_number_in_a_vat_field_is_read_by_the_suppliers_country():
    """Ten digits fit a Vietnamese tax code and a Swedish org number without its "SE"."""
    assert normalise_identifier("VAT", "0485980085", "VN").key == "VN-MST:0485980085"
    assert isinstance(normalise_identifier("VAT", "0485980085", "SE"), InvalidId)
    assert normalise_identifier("VAT", "0485980085").key == "VN-MST:0485980085"  # country unknown: by shape
