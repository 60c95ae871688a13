"""Legal forms as data: what ends (or starts) a registered name, in every partner's and supplier's language.

Apart from ``hub.rules.matching`` only for size: ``MatchSettings`` there
takes these tables as defaults, so the one settings object still holds all
the rules. The engine that reads them is ``hub.core.names``.
"""

from __future__ import annotations

# (variant as normalised tokens, canonical form, legal-form class).
# Variants are written after name normalisation: lower case, diacritics folded,
# punctuation removed, runs of single letters joined ("A/S" -> "as",
# "Sdn. Bhd." -> "sdn bhd", "&" -> "and"). The class is what matters for
# matching: "AB" and "AB (publ)" are one class (a company does not become a
# different legal entity by listing), "GmbH" and "GmbH & Co. KG" are not (the
# GmbH is usually the general partner of the KG: two legal entities).
LEGAL_FORMS: tuple[tuple[str, str, str], ...] = (
    # Sweden
    ("ab publ", "AB (publ)", "limited"),
    ("aktiebolag publ", "AB (publ)", "limited"),
    ("publ", "AB (publ)", "limited"),
    ("ab", "AB", "limited"),
    ("aktiebolag", "AB", "limited"),
    ("aktiebolaget", "AB", "limited"),
    ("handelsbolag", "HB", "partnership"),
    ("hb", "HB", "partnership"),
    ("kommanditbolag", "KB", "partnership"),
    ("kb", "KB", "partnership"),
    ("ekonomisk forening", "ek. för.", "cooperative"),
    ("ek for", "ek. för.", "cooperative"),
    ("filial", "filial", "branch"),
    ("stiftelse", "stiftelse", "foundation"),
    # Norway
    ("asa", "ASA", "limited"),
    ("as", "AS", "limited"),
    ("allmennaksjeselskap", "ASA", "limited"),
    ("aksjeselskap", "AS", "limited"),
    ("nuf", "NUF", "branch"),
    ("ans", "ANS", "partnership"),
    ("da", "DA", "partnership"),
    # Denmark ("A/S" normalises to "as")
    ("aktieselskab", "A/S", "limited"),
    ("aps", "ApS", "limited"),
    ("anpartsselskab", "ApS", "limited"),
    ("amba", "AmbA", "cooperative"),
    ("ks", "K/S", "partnership"),
    ("is", "I/S", "partnership"),
    # Finland
    ("oyj", "Oyj", "limited"),
    ("oy", "Oy", "limited"),
    ("oy ab", "Oy", "limited"),
    ("oy ltd", "Oy", "limited"),
    ("oyj abp", "Oyj", "limited"),
    ("abp", "Oyj", "limited"),   # "Abp": a Finnish public company's form in Swedish (publikt aktiebolag)
    ("osakeyhtio", "Oy", "limited"),
    ("julkinen osakeyhtio", "Oyj", "limited"),
    ("ky", "Ky", "partnership"),
    ("ay", "Ay", "partnership"),
    ("osuuskunta", "osk", "cooperative"),
    ("tmi", "Tmi", "sole"),
    # Germany
    ("gmbh and co kg", "GmbH & Co. KG", "partnership"),
    ("gmbh co kg", "GmbH & Co. KG", "partnership"),
    ("ag and co kg", "AG & Co. KG", "partnership"),
    ("kg", "KG", "partnership"),
    ("ohg", "OHG", "partnership"),
    ("gbr", "GbR", "partnership"),
    ("gmbh", "GmbH", "gmbh"),
    ("gesellschaft mit beschrankter haftung", "GmbH", "gmbh"),
    ("gesellschaft mit beschraenkter haftung", "GmbH", "gmbh"),
    ("mbh", "GmbH", "gmbh"),
    ("ug haftungsbeschrankt", "UG", "gmbh"),
    ("ug", "UG", "gmbh"),
    ("ag", "AG", "ag"),
    ("aktiengesellschaft", "AG", "ag"),
    ("ek", "e.K.", "sole"),
    ("ev", "e.V.", "association"),
    ("eg", "eG", "cooperative"),
    # Malaysia, Singapore ("S/B" joins to "sb")
    ("sdn bhd", "Sdn Bhd", "limited"),
    ("sb", "Sdn Bhd", "limited"),
    ("sendirian berhad", "Sdn Bhd", "limited"),
    ("berhad", "Bhd", "limited"),
    ("bhd", "Bhd", "limited"),
    ("pte ltd", "Pte Ltd", "limited"),
    ("private limited company", "Pvt Ltd", "limited"),
    # Pakistan, India
    ("pvt ltd", "Pvt Ltd", "limited"),
    ("pvt limited", "Pvt Ltd", "limited"),
    ("private ltd", "Pvt Ltd", "limited"),
    ("private limited", "Pvt Ltd", "limited"),
    ("p ltd", "Pvt Ltd", "limited"),
    ("llp", "LLP", "partnership"),
    # China and elsewhere
    ("co ltd", "Co., Ltd.", "limited"),
    ("co limited", "Co., Ltd.", "limited"),
    ("company ltd", "Co., Ltd.", "limited"),
    ("company limited", "Co., Ltd.", "limited"),
    ("limited company", "Co., Ltd.", "limited"),
    ("limited liability company", "LLC", "limited"),
    ("one member limited liability company", "LLC", "limited"),
    ("llc", "LLC", "limited"),
    ("ltd", "Ltd", "limited"),
    ("limited", "Ltd", "limited"),
    ("public limited company", "PLC", "limited"),
    ("plc", "PLC", "limited"),
    ("inc", "Inc", "limited"),
    ("incorporated", "Inc", "limited"),
    ("corp", "Corp", "limited"),
    ("corporation", "Corp", "limited"),
    # Vietnam
    ("jsc", "JSC", "jsc"),
    ("joint stock company", "JSC", "jsc"),
    ("joint stock co", "JSC", "jsc"),
    ("joint stock corporation", "JSC", "jsc"),
    ("tnhh", "Co., Ltd.", "limited"),
    # Generic Europe
    ("bv", "BV", "limited"),
    ("nv", "NV", "limited"),
    ("sarl", "SARL", "limited"),
    ("srl", "SRL", "limited"),
    ("spa", "SpA", "limited"),
    ("sa", "SA", "limited"),
    ("sl", "SL", "limited"),
    # Bare "Co." / "Company" at the end: a designation without a class.
    ("co", "Co.", ""),
    ("company", "Co.", ""),
)

# Legal forms that are written in front of the name ("Oy Nordic Ab",
# "Aktiebolaget Electrolux", "AB Volvo", "Công ty TNHH ...", "PT ..."). In
# Sweden "AB X" is an old and common registered form; partners also move the
# form of "X AB" or "X Oy" to the front when they sort by name.
PREFIX_LEGAL_FORMS: tuple[tuple[str, str, str], ...] = (
    ("aktiebolaget", "AB", "limited"),
    ("ab publ", "AB (publ)", "limited"),
    ("aktiebolag publ", "AB (publ)", "limited"),
    ("ab", "AB", "limited"),
    ("aktiebolag", "AB", "limited"),
    ("oy ab", "Oy", "limited"),
    ("oyj abp", "Oyj", "limited"),
    ("oyj", "Oyj", "limited"),
    ("osakeyhtio", "Oy", "limited"),
    ("aktieselskabet", "A/S", "limited"),
    ("anpartsselskabet", "ApS", "limited"),
    ("oy", "Oy", "limited"),
    ("cong ty trach nhiem huu han", "Co., Ltd.", "limited"),
    ("cong ty tnhh", "Co., Ltd.", "limited"),
    ("cty tnhh", "Co., Ltd.", "limited"),
    ("cong ty co phan", "JSC", "jsc"),
    ("cty co phan", "JSC", "jsc"),
    ("cty cp", "JSC", "jsc"),
    ("ctcp", "JSC", "jsc"),
    ("pt", "PT", "limited"),
    ("m s", "M/S", ""),
    ("ms", "M/S", ""),
)
# Of those, the ones that are a legal form in front only when the name has
# none at its end, or one of the forms listed ("AB Volvo (publ)"): a name
# has one legal form, so in "AB Surgical (Pvt) Ltd" (Sialkot) "AB" is the
# firm's initials.
LONE_PREFIX_LEGAL_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ab", ("AB (publ)",)), ("aktiebolag", ("AB (publ)",)), ("ab publ", ()), ("aktiebolag publ", ()),
)
