"""Entity-resolution rules declared as data, in one settings object.

Like a Splink settings dictionary, ``MatchSettings`` holds every threshold,
weight, legal-form list, abbreviation map and distinguishing-token list the
resolver uses; the engine (``hub.core.resolution``) holds none of them and
takes the settings as a parameter. That keeps the rules reviewable by people
who know the partners' data but not the code, and lets a deployment tune them
without touching the engine. The address tables (street abbreviations,
city spellings, places in Chinese names) live in ``hub.rules.addresses``, the
legal forms in ``hub.rules.legal_forms``; both are defaults of the same object.

Weights are match weights in bits (log2 Bayes factors), so they add up: a pair
starts at ``prior_weight`` and each comparison adds its level's weight. The
sum maps to a match probability ``2**w / (1 + 2**w)``. Pairs at or above
``auto_merge_weight`` are merged automatically, pairs between
``review_weight`` and the auto-merge threshold go to the human review queue,
and the rest are left apart.

All collections are tuples so the settings object is immutable and hashable:
normalisers compiled from it are cached per settings object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from hub.rules.addresses import (
    ADDRESS_ABBREVIATIONS, CITY_ALIASES, CITY_NOISE_TOKENS, PLACE_IN_NAME_COUNTRIES, PLACE_NAMES,
    POSTBOX_WORDS, POSTCODE_DIGITS, STREET_SUFFIXES, TRANSLITERATED_COUNTRIES, TRANSLITERATION_DIGRAPHS,
)
from hub.rules.legal_forms import LEGAL_FORMS, LONE_PREFIX_LEGAL_FORMS, PREFIX_LEGAL_FORMS

# Token -> replacement (one or more tokens). Applied after legal forms are
# removed, so "Co" here is only ever a mid-name "company".
NAME_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("and", "and"), ("och", "and"), ("og", "and"), ("und", "and"), ("ja", "and"), ("et", "and"),
    ("mfg", "manufacturing"), ("mfgs", "manufacturing"), ("manufacturing", "manufacturing"),
    ("mfr", "manufacturer"), ("mfrs", "manufacturers"),
    ("intl", "international"), ("intnl", "international"), ("int", "international"),
    ("internat", "international"), ("intern", "international"),
    ("med", "medical"), ("medic", "medical"),
    ("instr", "instruments"), ("instrs", "instruments"), ("instrument", "instruments"),
    ("ind", "industries"), ("inds", "industries"), ("indus", "industries"),
    ("industry", "industries"), ("industri", "industries"),
    ("sv", "svenska"), ("svenska", "svenska"), ("svensk", "svenska"),
    ("skandinavia", "scandinavia"), ("skandinavien", "scandinavia"),
    ("skandinaviska", "scandinavian"), ("skandinavisk", "scandinavian"), ("skandinaviske", "scandinavian"),
    ("co", "company"), ("cos", "companies"), ("corp", "corporation"),
    ("tech", "technology"), ("techn", "technology"), ("technologies", "technology"),
    ("eng", "engineering"), ("engg", "engineering"),
    ("equip", "equipment"), ("eqpt", "equipment"), ("eqp", "equipment"),
    ("prod", "products"), ("prods", "products"), ("product", "products"),
    ("surg", "surgical"), ("hosp", "hospital"),
    ("svc", "services"), ("svcs", "services"), ("serv", "services"), ("service", "services"),
    ("mgmt", "management"), ("assoc", "associates"), ("bros", "brothers"),
    ("natl", "national"), ("nat", "national"),
    ("grp", "group"), ("gp", "group"), ("hldg", "holding"), ("hldgs", "holding"),
    ("holdings", "holding"), ("investment", "invest"), ("investments", "invest"),
    ("intl.", "international"), ("dept", "department"), ("pharm", "pharmaceutical"),
    ("sys", "systems"), ("system", "systems"), ("solution", "solutions"),
    ("elec", "electric"), ("electrical", "electric"),
    ("glove", "gloves"), ("textile", "textiles"), ("export", "exports"),
    ("st", "saint"), ("mt", "mount"),
    ("rbr", "rubber"), ("gmt", "garment"), ("gmts", "garment"), ("garments", "garment"),
    ("tex", "textiles"), ("txl", "textiles"), ("sur", "surgical"), ("surgicals", "surgical"),
    ("electronic", "electronics"), ("plastics", "plastic"), ("nonwovens", "nonwoven"),
    ("pharma", "pharmaceutical"), ("pharmaceuticals", "pharmaceutical"),
    ("ent", "enterprises"), ("enterprise", "enterprises"), ("hc", "healthcare"),
    # a country's name in English: a partner may translate it (only these short
    # words; mapping a long word would make its misspellings look further off)
    ("denmark", "danmark"), ("germany", "deutschland"), ("norway", "norge"), ("sweden", "sverige"),
    ("finland", "suomi"),
)

# Words partners append to (or put before) a name to mark a record's status in
# their own register, or the department the record is for, not part of the
# supplier's name: "X AB (gammal)", "X Sdn Bhd VANHA", "ANVÄND EJ - X",
# "X AS, Ekonomi", "X Oy, Laskutus". Folded, as the normaliser sees them.
NAME_STATUS_MARKERS: tuple[str, ...] = (
    "ekonomi", "okonomi", "laskutus", "asiakaspalvelu", "reskontra", "faktura", "fakturor", "fakturering",
    "fakturaadress", "laskutusosoite", "fakturaadresse", "regningsadresse", "rechnungsadresse", "kundtjanst", "kundservice", "kundeservice", "order", "ordre", "tilaukset",
    "invoicing", "invoices", "accounts payable",
    "anvand ej", "anvands ej", "ej aktiv", "ej i bruk", "inaktiv", "gammal", "utgatt", "sparrad",
    "ikke bruk", "ikke i bruk", "ikke aktiv", "nedlagt", "ei kaytossa", "vanha", "passiivinen",
    "lopetettu", "do not use", "dont use", "inactive", "obsolete", "dublett", "dubblett", "duplicate",
    "poistettu", "lakkautettu", "suljettu", "borttagen", "avslutad", "slettet", "sperret", "avsluttet",
    "spaerret", "gesperrt", "nicht verwenden", "not in use", "blocked",
)

# Words that start a partner's note on a branch, plant or department after the
# name ("X AB avd. Göteborg", "X Sdn Bhd (Plant 2)"): the note and what follows
# it are not part of the legal name (a plant is not a legal entity).
NAME_BRANCH_MARKERS: tuple[str, ...] = (
    "avd", "avdelning", "avdeling", "afd", "afdeling", "osasto", "betriebsstatte",
)
# Words that start such a note only when a number follows ("(Factory 2)",
# "- Unit II") or the legal form comes right before them ("X Sdn Bhd Plant
# Klang"): elsewhere they may be part of the name ("X Glove Factory", "Green
# Plant AB").
NAME_NUMBERED_BRANCH_WORDS: tuple[str, ...] = ("factory", "unit", "werk", "site", "mill", "warehouse", "plant")

# Generic words a partner may add to or leave out of a supplier's name: two
# names that differ only by these ("Sejati Rubber" / "Sejati Rubber Industries")
# are likelier one firm than names that differ by a word of substance.
DESCRIPTOR_TOKENS: tuple[str, ...] = (
    "industries", "products", "manufacturing", "manufacturer", "manufacturers", "works", "trading",
    "enterprises", "company", "companies", "factory", "mills",
    "rubber", "gloves", "latex", "plastic", "polymer", "textiles", "garment", "knitting", "nonwoven",
    "medical", "surgical", "instruments", "healthcare", "dental", "electronics", "equipment",
    "supplies", "pharmaceutical", "laboratory", "technology", "systems", "solutions", "services",
    "disposables", "hygiene", "diagnostics", "cotton", "fabrics", "apparel", "medtech", "supply",
    # the same in the partners' and suppliers' languages
    "diagnostik", "hygien", "medicinteknik", "medicinsk", "labteknik", "laboratorium", "sjukvardsprodukter",
    "medisinsk", "medisinteknikk", "sykehusprodukter", "medicinalprodukter", "hygiejne",
    "laakintatekniikka", "tekstiili", "laboratorio", "diagnostiikka", "hygienia", "tekstil",
    "medizintechnik", "instrumente", "chirurgie", "labortechnik", "textil", "textilien",
    "food", "foods", "livsmedel", "lebensmittel", "elintarvike",
    # ... and more of them: foods (NO, DK), laboratory and medical supplies, dressings, IT ("data")
    "naeringsmidler", "fodevarer", "levnedsmidler", "diagnostikk", "hygiene", "tekstiler", "medico",
    "laboratorie", "laboratorieteknik", "laboratorieteknikk", "laborbedarf", "verbandstoffe",
    "medizinprodukte", "datentechnik", "textilwerke", "chirurgietechnik", "data",
)

# One generic word in the partners' languages, or in the trade's English: a
# partner writing a Norwegian supplier in Swedish ("Textil" for "Tekstil"), or
# the industry's short form for a compound ("Medtech" for "Medicinteknik",
# "Medizintechnik"). Read as one word only where a generic word may differ
# (``words.generic_variants``): the firm's own word must still be the same.
GENERIC_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("medtech", "medicinteknik", "medizintechnik", "medisinteknikk", "laakintatekniikka"),
    ("textiles", "textil", "tekstil", "tekstiler", "tekstiili", "textilien"),
    ("laboratory", "laboratorium", "laboratorio", "laboratorie"),
    ("diagnostics", "diagnostik", "diagnostikk", "diagnostiikka"),
    ("hygiene", "hygien", "hygiejne", "hygienia"),
)

# Tokens that separate a parent from its subsidiary or a group's regional
# companies: if one name has one and the other does not, the two are distinct
# legal entities unless an identifier says otherwise.
DISTINGUISHING_TOKENS: tuple[str, ...] = (
    "holding", "group", "invest", "capital", "finans", "finance", "financial",
    "fastighet", "fastigheter", "fastighets", "eiendom", "eiendommer", "kiinteisto",
    "properties", "property", "leasing", "forvaltning",
    "sverige", "norge", "danmark", "suomi", "sweden", "norway", "denmark", "finland",
    "nordic", "nordics", "norden", "scandinavia", "europe", "asia", "china", "india",
    "vietnam", "malaysia", "pakistan", "germany", "deutschland",
    "sales", "export", "exports", "import", "imports", "distribution",
    "logistics", "parent", "branch", "filial",
    # a German KG's general partner ("X Verwaltungs GmbH"), a holding's shares company
    "verwaltungs", "verwaltung", "beteiligungs", "beteiligung",
    # "X (M) Sdn Bhd": a foreign group's Malaysian company
    "m",
)

NAME_STOPWORDS: tuple[str, ...] = ("the", "messrs", "m s", "ms")

# Countries whose national register refuses a company name that another
# company already has: there, two records with one name (and one legal-form
# class) are most likely one company, wherever each says it is.
UNIQUE_NAME_COUNTRIES: tuple[str, ...] = ("SE", "NO", "FI", "DK")

# Which identifier schemes are registration numbers that identify exactly one
# legal entity. Two records holding different valid values of one of these
# schemes are different legal entities.
NATIONAL_SCHEMES: tuple[str, ...] = ("SE-ON", "NO-BRC", "FI-PRO", "DK-CVR", "CN-USCC", "IN-PAN", "VN-MST")
GLOBAL_ENTITY_SCHEMES: tuple[str, ...] = ("DUNS", "XI-LEI")
# Identify a location, not an entity: agreement is evidence, disagreement is not.
LOCATION_SCHEMES: tuple[str, ...] = ("GLN",)
# Company registers without a check digit (values compared as written, after
# dropping spaces and punctuation): a value is issued to one company only, so
# two records sharing one are one company even when their names differ by a
# distinguishing word or a legal form ("Bhatt Private Limited" / "Bhatt
# Exports Pvt Ltd" with one CIN). Unlike a checked number a shared value does
# not decide a match alone (a mistyped value could be another firm's): the
# pair still needs the weight.
COMPANY_REGISTER_SCHEMES: tuple[str, ...] = (
    "MY-SSM", "MY-ROC", "IN-MCA", "IN-CIN", "PK-SECP", "PK-NTN", "CN-SAIC", "CN-AIC", "DE-CR",
)
# VAT country prefix -> national scheme its number contains.
VAT_TO_NATIONAL: tuple[tuple[str, str], ...] = (
    ("SE", "SE-ON"), ("NO", "NO-BRC"), ("FI", "FI-PRO"), ("DK", "DK-CVR"),
)


@dataclass(frozen=True)
class MatchSettings:
    """Every rule of entity resolution, as data. See the module docstring."""

    # decision thresholds (bits)
    prior_weight: float = -4.0
    auto_merge_weight: float = 5.0
    review_weight: float = -2.0
    bridge_weight: float = 5.0      # a record may join two clusters into one only this strongly

    # identifiers
    id_match_weight: float = 30.0          # same registration number
    local_id_match_weight: float = 12.0    # same free-form local register number (no check digit)
    location_id_match_weight: float = 6.0  # same GLN

    # names: (minimum similarity in [0, 1], weight), checked from the top
    name_exact_weight: float = 13.0
    name_levels: tuple[tuple[float, float], ...] = (
        (0.95, 5.0), (0.92, 4.0), (0.88, 3.0), (0.82, 1.0),
    )
    name_contained_weight: float = 1.0     # one name's tokens are all in the other's
    name_abbreviated_weight: float = 4.0   # word for word, each the other's or its start ("Prot. Prod.")
    name_core_weight: float = 3.0          # alike once the generic words are left out of both
    name_core_min: float = 0.88
    # The same words but a generic word misspelt ("Måltek Diagnostil" / "Måltek Diagnostik"): all but the
    # same name, since twin firms differ in their own word; a postcode or street must still agree for a merge.
    name_generic_typo_weight: float = 6.0
    generic_typo_min: float = 0.85          # how alike the misspelt generic word must be
    generic_typo_min_length: int = 4        # generic words shorter than this are not read past
    abbreviation_min_length: int = 3       # the shortest start of a word read as its abbreviation
    # A generic word shortened ("Sjukvårdsprod.") or cut in its middle ("Lab-teknik" for
    # "Laboratorieteknik": its start and end kept, each this long at least) is that word.
    generic_short_min: int = 3
    generic_synonyms: tuple[tuple[str, ...], ...] = GENERIC_SYNONYMS
    name_descriptor_contained_weight: float = 3.0  # ... and the rest are descriptor words
    name_word_order_weight: float = 5.0    # the same words in another order: close, not the same name
    truncated_name_length: int = 25        # a name this long may have been cut off by a partner's system
    unique_name_exact_bonus: float = 5.0   # added to an exact name in UNIQUE_NAME_COUNTRIES
    place_in_name_countries: tuple[str, ...] = PLACE_IN_NAME_COUNTRIES
    place_names: tuple[str, ...] = PLACE_NAMES
    unique_name_countries: tuple[str, ...] = UNIQUE_NAME_COUNTRIES
    transliterated_countries: tuple[str, ...] = TRANSLITERATED_COUNTRIES
    transliteration_digraphs: tuple[tuple[str, str], ...] = TRANSLITERATION_DIGRAPHS
    name_else_weight: float = -8.0
    # At one building (the same street, house number and postcode), a word of one name that the other
    # has only this alike ("Lateks" / "Latex", "Knagnao" / "Kangbao") is read as its misspelling: the
    # names weigh by their similarity, not as two names each with a word the other lacks.
    one_building_word_min: float = 0.6
    legal_form_same_weight: float = 0.5
    legal_form_mismatch_blocks: bool = True  # "X GmbH" vs "X GmbH & Co. KG": two entities

    # address
    postcode_equal_weight: float = 3.0
    postcode_differ_weight: float = -2.0
    street_equal_weight: float = 3.5
    full_address_bonus: float = 1.5        # added when street, house number and postcode are all the same
    # ... and when street, house number and city are, one record without a postcode (a partner left it
    # out): nothing contradicts one building, and the street with its number all but implies the postcode.
    full_address_no_postcode_bonus: float = 2.0
    street_similar_weight: float = 1.5
    street_similar_min: float = 0.85
    street_differ_weight: float = -2.0
    street_number_differ_weight: float = -2.5
    city_equal_weight: float = 0.5
    city_differ_weight: float = -5.0
    city_similar_min: float = 0.85
    city_aliases: tuple[tuple[str, str], ...] = CITY_ALIASES
    postbox_words: tuple[str, ...] = POSTBOX_WORDS
    postcode_digits: tuple[tuple[str, int], ...] = POSTCODE_DIGITS
    street_suffixes: tuple[str, ...] = STREET_SUFFIXES
    city_noise_tokens: tuple[str, ...] = CITY_NOISE_TOKENS

    # blocking
    max_block_size: int = 60               # a name-token/postcode block larger than this is not used
    max_candidate_clusters: int = 40
    max_members_compared: int = 12         # distinct record variants compared per cluster
    name_prefix_length: int = 4
    phonetic_key_length: int = 5
    prefilter_name_similarity: float = 0.6  # cheap cut before full scoring

    legal_forms: tuple[tuple[str, str, str], ...] = LEGAL_FORMS
    prefix_legal_forms: tuple[tuple[str, str, str], ...] = PREFIX_LEGAL_FORMS
    lone_prefix_legal_forms: tuple[tuple[str, tuple[str, ...]], ...] = LONE_PREFIX_LEGAL_FORMS
    name_abbreviations: tuple[tuple[str, str], ...] = NAME_ABBREVIATIONS
    distinguishing_tokens: tuple[str, ...] = DISTINGUISHING_TOKENS
    descriptor_tokens: tuple[str, ...] = DESCRIPTOR_TOKENS
    name_status_markers: tuple[str, ...] = NAME_STATUS_MARKERS
    name_branch_markers: tuple[str, ...] = NAME_BRANCH_MARKERS
    name_numbered_branch_words: tuple[str, ...] = NAME_NUMBERED_BRANCH_WORDS
    name_stopwords: tuple[str, ...] = NAME_STOPWORDS
    address_abbreviations: tuple[tuple[str, str], ...] = ADDRESS_ABBREVIATIONS
    national_schemes: tuple[str, ...] = NATIONAL_SCHEMES
    global_entity_schemes: tuple[str, ...] = GLOBAL_ENTITY_SCHEMES
    location_schemes: tuple[str, ...] = LOCATION_SCHEMES
    company_register_schemes: tuple[str, ...] = COMPANY_REGISTER_SCHEMES
    vat_to_national: tuple[tuple[str, str], ...] = VAT_TO_NATIONAL

    @cached_property
    def digraph_pattern(self) -> re.Pattern:
        return re.compile("|".join(re.escape(d) for d, _ in self.transliteration_digraphs) or "(?!)")

    @cached_property
    def digraph_letters(self) -> dict[str, str]:
        return dict(self.transliteration_digraphs)

    def fold_digraphs(self, text: str) -> str:
        """A folded word with its transliteration digraphs read back ("laanggaard" -> "langgard")."""
        return self.digraph_pattern.sub(lambda m: self.digraph_letters[m.group(0)], text)

    @cached_property
    def descriptor_set(self) -> frozenset[str]:
        """The generic words, also as ``fold_digraphs`` writes them (a transliterated name's tokens)."""
        return frozenset(self.descriptor_tokens) | {self.fold_digraphs(t) for t in self.descriptor_tokens}

    @cached_property
    def generic_synonym_of(self) -> dict[str, int]:
        """Generic word -> its ``generic_synonyms`` group, also as ``fold_digraphs`` writes it."""
        out: dict[str, int] = {}
        for n, group in enumerate(self.generic_synonyms):
            for word in group:
                out[word] = out[self.fold_digraphs(word)] = n
        return out

    def probability(self, weight: float) -> float:
        """Match probability of a total match weight in bits."""
        if weight > 60:
            return 1.0
        if weight < -60:
            return 0.0
        odds = 2.0 ** weight
        return odds / (1.0 + odds)


DEFAULT_MATCH_SETTINGS = MatchSettings()
