#!/usr/bin/env python3
"""Held-out benchmark generator: multi-partner supplier records for entity resolution.

(Third labelled generator. Written by a helper who saw neither the resolver
nor the other two generators, and who never ran the resolver. Its first,
blind measurement: F1 0.959 and 0.958 on seeds 1 and 2, precision 1.000 and
1.000. Its misses then led to two changes (a cluster that already holds both
spellings of a name, department words after a name, the postcode outranking
the city), so it is a development set now, not a held-out one.)

Usage:  python gen.py N SEED   -> N legal entities, one JSON record per line on stdout.
API:    generate(n_entities, seed) -> list[dict]   (deterministic: only random.Random(seed))

Each record: {record_id, partner, name, country, identifiers: [{scheme, id}], address,
postal_code, city, truth}.  ``truth`` is the id of the real legal entity ("LE-00042").
A resolver must never see ``truth``; pairs of records with equal truth are the positives.

DESIGN (what the data is meant to look like and why)
====================================================

Population of legal entities (n=1300 gives ~3,350-3,500 records, ~5,000 true pairs)
-----------------------------------------------------------------------------------
Country mix of entities: SE 36 %, NO 11 %, FI 10 %, DK 7 %, DE 9 %, CN 9 %, PK 6 %, MY 5 %,
IN 4 %, VN 3 %.  Seven of the nine partners are Swedish, so Swedish suppliers dominate;
Nordic wholesalers/distributors sit next to the foreign manufacturers named in the risk
analyses (Malaysian gloves, Sialkot surgical instruments, Chinese and Indian textiles and
disposables, Vietnamese garments/rubber, Tuttlingen instrument makers).

Hard cases, by construction (shares of entities, scaled with n):
  * Brand families (~7.5 % of entities): one brand as separate legal entities in SE/NO/FI/DK
    (families of 2-5; size-5 families add a German GmbH).  60 % use country words
    ("Vexamed Sverige AB" / "Vexamed Norge AS" / "Vexamed Finland Oy" / "Vexamed Danmark
    A/S"), 40 % differ only by legal form ("Vexamed AB" / "Vexamed AS" ...), some use a
    "Nordic" hub name for the Swedish company.  Partners often drop the country word
    (trade-name use), so the country field is the decisive signal.  Family members are big
    suppliers: they are held by many partners, so their cross pairs are numerous.
  * Parent / subsidiary at one address (~4.5 % of entities, ~29 pairs): "X Holding AB (publ)"
    vs "X AB", "X AB (publ)" vs "X Sverige AB", "X Group Oyj" vs "X Oy", "X Holding A/S"
    vs "X ApS", "X Holding AG" vs "X GmbH", the German "X GmbH & Co. KG" vs its
    "X Verwaltungs-GmbH", "X Holdings Berhad" vs "X Sdn Bhd", "X Berhad" vs "X (M) Sdn Bhd",
    "X Group Co., Ltd." vs "X Co., Ltd.".  Same street, postal code and city (visiting
    address).  The distinguishing token (Holding/Group/country word/Verwaltungs/(M)) is
    never removed by the noise (no truncation or trade-name dropping of it), so every such
    pair stays decidable from names even where identifiers are missing.
  * One-letter twins (~3 % of entities, ~20 pairs): two unrelated firms in one country
    whose names differ by one letter: coined brands ("Axinova AB" / "Axenova AB"),
    real one-letter surname pairs ("Karlsson Bemanning AB" / "Carlsson Bemanning AB",
    "Pedersen"/"Petersen", "Meyer"/"Meier"), Chinese brands one pinyin letter apart in one
    city ("Xiamen Huaming ..." / "Xiamen Huaping ..."), Malaysian stems ("Hup Seng" /
    "Hup Sang"), Sialkot copycats ("Al-Noor Surgical" / "Al-Nour Surgical").  Each twin
    has its own address (60 % another city - Chinese twins always share their city -,
    otherwise same city, other street and postal code) and its own national ids.  Every
    record of a twin carries postal code and city (street 90 %), so wherever identifiers
    are missing the address still tells the twins apart.
  * Apart from designed twins (and the Malaysian "X Berhad"/"X (M) Sdn Bhd" pair), no
    two entities of one country have names (legal form removed, diacritics folded)
    within one edit of each other, so a single typo never turns one real supplier into
    another (a typo can still turn one twin into the other: the address decides).
    Names two or more edits apart ("Meditek" vs "Medtek", "Nordic Care Supply" vs
    "Nordic Cure Systems") occur naturally.
  * Former names (~2.5 % of Nordic/DE entities): a renamed supplier keeps its old name
    in ~35 % of its records; such records always carry a valid national identifier.

How many partners hold a supplier
---------------------------------
Heavy-tailed: ordinary suppliers are held by 1 partner 40 %, 2: 27 %, 3: 16 %, 4: 9 %,
5: 5 %, 6: 3 %; "major" suppliers (family members, ~10 % of other Nordic/DE firms)
by 3-9 partners; small Asian makers by 1-3.  Partners are drawn by weight: Stockholm, VGR
and Skåne are the big buyers, Adda next; Norwegian suppliers are held mostly by
Sykehusinnkjøp, Finnish ones by HUS; Malaysian glove makers preferentially by
Östergötland, Kalmar and Jönköping (the 2018-19 joint glove audit).  Within one partner a
supplier is registered twice in 1.5-6 % of cases (internal duplicate: other address
variant, often no identifier, sometimes flagged "(ej aktiv)"/"(inaktiv)"/"(ei käytössä)").

Identifiers (org-id.guide codes; every intended-valid value passes python-stdnum)
--------------------------------------------------------------------------------
Entity level: every Nordic entity has its national number (SE-ON 556/559/969 series,
NO-BRC, FI-PRO, DK-CVR) and the VAT number containing it; DE entities a USt-IdNr (VAT)
and a Handelsregister number (DE-CR, "Court HRB n"); MY an SSM number (new 12-digit
form, plus the pre-2019 "nnnnnn-X" form for older companies); CN a USCC (CN-SAIC); IN
companies a CIN (IN-MCA); PK and VN firms no recorded local register.  DUNS for 35 % of
Nordic and 40-70 % of foreign firms (4 % of those have a second site DUNS that some
partners use), GLN (GS1 country prefixes 73/70/64/57/40-43/955/690-699/890/896/893) for
40-50 % of Nordic firms, LEI for listed/large firms.
Record level, by partner and by whether the supplier is domestic for the partner:
  * domestic Nordic supplier: national number on 80-98 % of records (Adda highest,
    Kalmar lowest), written in VAT form on 5-30 % of them (Skåne most);
  * Nordic supplier from another Nordic country: 40-80 %, mostly in VAT form
    (SE556012579001, NO972417920MVA, FI20774740, DK13585628);
  * DE: VAT on 55-80 %, DE-CR on 5-12 %; MY: SSM on 30-60 % (audit regions highest) in
    combined "new (old)", new-only or (10 %) old-only form - old-only vs new-only
    records of one company are therefore not string-equal; CN: USCC on 24-48 %;
    IN: CIN on 15-30 %; PK/VN: only DUNS, GLN or nothing;
  * DUNS on 4 % of Nordic and 20-60 % of foreign records (when the entity has one),
    GLN 12-45 %, LEI 4-15 %.  Overall ~29 % of records carry no identifier at all
    (SE ~13 %, PK/VN ~80 %), and only ~48 % of true pairs share a valid identifier.
  * 3 % of check-digit identifiers are mistyped so that the check digit fails
    (treat as absent); 1 % of DUNS are mistyped (undetectable - no check digit).
Formats vary: 556012-5790 / 5560125790 / 556012 5790; 972417920 / 972 417 920;
NO 972 417 920 MVA; FI 20774740; DK 13 58 56 28; DE 123 456 789; 12-345-6789 (DUNS).
Not included on purpose: VAT-group numbers shared by several entities, country-field
errors, identifiers of one entity put on another's record (they would make the
labels contradict the stated identifier rules).

Names as partners type them
---------------------------
Per-partner style profiles: Region Stockholm's legacy register is upper case in 70 %
of records and cut at 35 characters; Kalmar exports ASCII (60 % diacritics stripped)
and cuts at 30; VGR writes "Aktiebolag" in full more often; Adda (tender data) is the
cleanest; Sykehusinnkjøp types Swedish ö/ä as ø/æ in 25 % of records; HUS and Swedish
partners write Finnish bilingual companies as "Oy X Ab" or "X Oy".  On top, per record:
legal form omitted 5-20 %, legal-form synonyms (Aktiebolag, A/S for Norwegian AS,
Sdn. Bhd./S/B, (Pvt.) Ltd./Private Limited, Co.,Ltd./Company Limited, JSC/Joint Stock
Company, Vietnamese "Công ty TNHH/Cổ phần" prefix), abbreviations (Medical->Med.,
International->Int'l, Manufacturing->Mfg., Scandinavia->Scand., och/og/and->&,
Healthcare<->Health Care) 4-18 %, one typo 5-13 % (a second one in 20 % of those),
transliteration variants (Muhammad/Mohammad/Mohammed, Ahmed/Ahmad, Shree/Shri/Sri),
Chinese province/city prefix dropped 15 %, "AB X" vs "X AB", trade name without legal
form 6 %, department suffixes (", Kundtjänst", " Order") 1.5 %, double spaces.

Addresses
---------
Real city/postal-code ranges per country; Nordic firms have a visiting address and
(40 %) a post-box address with a different postal code ("Box 1234", "Postboks 123",
"PL 123"), partners use either.  Postal code formats vary (411 04 / 41104 / SE-411 04,
N-0150, leading zero of Oslo codes lost 4 %, D-78532, FIN-00100); exonyms and
bilingual names (Helsingfors/Helsinki, Esbo, Åbo, Göteborg/Gothenburg, København/
Köpenhamn/Copenhagen, München/Munich, Ho Chi Minh City/HCMC/TP. Hồ Chí Minh,
Bengaluru/Bangalore, Gurugram/Gurgaon); street abbreviations (gatan->g., vägen->v.,
Straße->Str., veien->vn., Road->Rd., Jalan->Jln.); whole address missing 2-10 %
(more for Asian makers, whose postal codes are also often missing); ~1.5 % of records
put everything in the address line.  Missing fields are null, or "" for the two
non-Swedish partners (CSV exports).  The country field is always correct.
"""
from __future__ import annotations

import json
import random
import sys
import unicodedata
from dataclasses import dataclass, field

from stdnum import ean, luhn
from stdnum import lei as std_lei
from stdnum.cn import uscc as cn_uscc
from stdnum.de import handelsregisternummer as de_hr
from stdnum.de import vat as de_vat
from stdnum.dk import cvr as dk_cvr
from stdnum.eu import vat as eu_vat
from stdnum.fi import alv as fi_alv
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.iso7064 import mod_97_10
from stdnum.no import mva as no_mva
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.se import vat as se_vat

NORDIC = ("SE", "NO", "FI", "DK")
ASIAN = ("MY", "PK", "CN", "IN", "VN")
NAT_SCHEME = {"SE": "SE-ON", "NO": "NO-BRC", "FI": "FI-PRO", "DK": "DK-CVR"}
COUNTRY_MIX = [("SE", 36), ("NO", 11), ("FI", 10), ("DK", 7), ("DE", 9), ("CN", 9),
               ("PK", 6), ("MY", 5), ("IN", 4), ("VN", 3)]


def wchoice(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights)[0]


# ---------------------------------------------------------------------------
# Partners and their data-entry habits
# ---------------------------------------------------------------------------
def _p(**kw):
    base = dict(upper=0.04, strip=0.05, trunc=None, form_omit=0.12, form_long=0.08,
                abbrev=0.10, typo=0.10, natid_home=0.90, vatform_home=0.10,
                natid_nordic=0.50, vatform_nordic=0.60, vat_de=0.55, de_cr=0.05,
                duns=0.35, gln=0.30, lei=0.04, local=0.30, addr_missing=0.04,
                box_pref=0.35, empty=None, exonym=0.5, dup=0.04, swap=0.0,
                city_upper=0.25)
    base.update(kw)
    return base


PROFILES = {
    "region-skane": _p(vatform_home=0.30, gln=0.30, dup=0.04),
    "region-vgr": _p(upper=0.05, trunc=50, form_long=0.20, typo=0.09, natid_home=0.92,
                     natid_nordic=0.55, dup=0.06),
    "region-stockholm": _p(upper=0.70, strip=0.03, trunc=35, abbrev=0.15, natid_home=0.93,
                           vatform_home=0.05, gln=0.45, dup=0.06, city_upper=0.7),
    "region-ostergotland": _p(upper=0.06, strip=0.10, trunc=40, form_omit=0.18, typo=0.12,
                              natid_home=0.86, natid_nordic=0.45, duns=0.55, local=0.55,
                              addr_missing=0.08),
    "region-kalmar": _p(upper=0.10, strip=0.60, trunc=30, form_omit=0.20, abbrev=0.18,
                        typo=0.13, natid_home=0.80, natid_nordic=0.40, duns=0.60,
                        local=0.55, addr_missing=0.10, dup=0.03),
    "region-jonkoping": _p(upper=0.08, strip=0.08, trunc=40, form_omit=0.20, abbrev=0.12,
                           typo=0.11, natid_home=0.85, duns=0.55, local=0.60),
    "adda": _p(upper=0.02, strip=0.02, form_omit=0.05, form_long=0.10, abbrev=0.04,
               typo=0.05, natid_home=0.98, vatform_home=0.05, natid_nordic=0.80,
               vat_de=0.80, de_cr=0.12, duns=0.45, gln=0.12, lei=0.15, local=0.40,
               addr_missing=0.02, dup=0.015),
    "sykehusinnkjop": _p(upper=0.08, strip=0.15, swap=0.25, natid_home=0.95,
                         vatform_home=0.25, natid_nordic=0.60, vatform_nordic=0.65,
                         gln=0.35, empty="", typo=0.09, city_upper=0.05),
    "hus": _p(upper=0.05, strip=0.10, swap=0.15, natid_home=0.94, vatform_home=0.30,
              natid_nordic=0.65, vatform_nordic=0.75, gln=0.20, empty="", dup=0.03,
              typo=0.08, city_upper=0.05),
}
PARTNER_HOME = {p: "SE" for p in PROFILES}
PARTNER_HOME["sykehusinnkjop"] = "NO"
PARTNER_HOME["hus"] = "FI"
PARTNER_WEIGHT = {"region-skane": 3.0, "region-vgr": 3.5, "region-stockholm": 3.5,
                  "region-ostergotland": 1.6, "region-kalmar": 1.0,
                  "region-jonkoping": 1.2, "adda": 2.5, "sykehusinnkjop": 2.0,
                  "hus": 2.0}
SE_PARTNERS = [p for p in PROFILES if PARTNER_HOME[p] == "SE"]
GLOVE_AUDITORS = ("region-ostergotland", "region-kalmar", "region-jonkoping")


def _record_id(partner, rng):
    if partner == "region-skane":
        return f"LEV{rng.randint(100000, 399999)}"
    if partner == "region-vgr":
        return str(rng.randint(40000000, 40999999))
    if partner == "region-stockholm":
        return str(rng.randint(100000, 199999))
    if partner == "region-ostergotland":
        return f"OG-{rng.randint(10000, 99999)}"
    if partner == "region-kalmar":
        return str(rng.randint(10000, 69999))
    if partner == "region-jonkoping":
        return f"J{rng.randint(100000, 999999)}"
    if partner == "adda":
        return f"ADD-{rng.randint(2015, 2024)}-{rng.randint(1000, 9999)}"
    if partner == "sykehusinnkjop":
        return str(rng.randint(200000, 299999))
    return f"TOIM-{rng.randint(100000, 999999)}"


def _partner_weights(country, prominence):
    w = dict(PARTNER_WEIGHT)
    if country == "SE":
        w["sykehusinnkjop"] *= 0.3
        w["hus"] *= 0.3
    elif country == "NO":
        w["sykehusinnkjop"] *= 8
        w["hus"] *= 0.2
        for p in SE_PARTNERS:
            w[p] *= 0.25
    elif country == "FI":
        w["hus"] *= 8
        w["sykehusinnkjop"] *= 0.3
        for p in SE_PARTNERS:
            w[p] *= 0.3
    elif country == "DK":
        w["sykehusinnkjop"] *= 1.5
    elif country == "MY":
        for p in GLOVE_AUDITORS:
            w[p] *= 3
    return w


def _weighted_sample(rng, weights, k):
    items = list(weights.items())
    out = []
    for _ in range(min(k, len(items))):
        tot = sum(x[1] for x in items)
        r = rng.random() * tot
        acc = 0.0
        for i, (name, wt) in enumerate(items):
            acc += wt
            if r <= acc:
                out.append(name)
                items.pop(i)
                break
        else:
            out.append(items.pop()[0])
    return out


# ---------------------------------------------------------------------------
# Geography: cities with postal-code ranges, streets
# ---------------------------------------------------------------------------
# (city, [(lo, hi) visiting], [(lo, hi) box] or None, weight)
CITIES = {
    "SE": [("Stockholm", [(11120, 11899)], [(10010, 10699)], 10),
           ("Solna", [(16970, 16979), (17148, 17179)], [(17102, 17129)], 5),
           ("Sundbyberg", [(17260, 17279)], [(17221, 17229)], 2),
           ("Kista", [(16440, 16479)], [(16422, 16429)], 2),
           ("Täby", [(18330, 18379)], [(18321, 18329)], 2),
           ("Göteborg", [(41101, 41763)], [(40010, 40599)], 8),
           ("Mölndal", [(43130, 43199)], [(43121, 43129)], 4),
           ("Malmö", [(21115, 21775)], [(20010, 20599)], 6),
           ("Lund", [(22220, 22739)], [(22100, 22199)], 3),
           ("Helsingborg", [(25220, 25669)], [(25101, 25199)], 3),
           ("Uppsala", [(75220, 75759)], [(75101, 75199)], 3),
           ("Linköping", [(58213, 58667)], [(58101, 58199)], 3),
           ("Norrköping", [(60220, 60386)], [(60101, 60199)], 2),
           ("Jönköping", [(55302, 55625)], [(55111, 55199)], 3),
           ("Huskvarna", [(56131, 56192)], None, 1),
           ("Gislaved", [(33230, 33237)], None, 1),
           ("Gnosjö", [(33530, 33533)], None, 1),
           ("Växjö", [(35230, 35263)], [(35103, 35199)], 2),
           ("Kalmar", [(39230, 39365)], [(39121, 39199)], 2),
           ("Västerås", [(72210, 72481)], [(72101, 72199)], 2),
           ("Örebro", [(70210, 70380)], [(70101, 70199)], 2),
           ("Borås", [(50330, 50767)], [(50101, 50199)], 2),
           ("Halmstad", [(30230, 30295)], [(30101, 30199)], 2),
           ("Umeå", [(90326, 90750)], [(90101, 90199)], 1),
           ("Gävle", [(80250, 80648)], [(80101, 80199)], 1),
           ("Askim", [(43630, 43645)], None, 1),
           ("Partille", [(43330, 43368)], None, 1),
           ("Sollentuna", [(19160, 19280)], None, 1),
           ("Upplands Väsby", [(19430, 19480)], None, 1),
           ("Kungsbacka", [(43430, 43499)], None, 1)],
    "NO": [("Oslo", [(150, 990), (1250, 1290)], [(101, 115)], 8),
           ("Lysaker", [(1366, 1366)], None, 2), ("Fornebu", [(1364, 1364)], None, 1),
           ("Sandvika", [(1337, 1338)], None, 1), ("Asker", [(1383, 1388)], None, 1),
           ("Bergen", [(5003, 5096)], [(5804, 5892)], 4),
           ("Trondheim", [(7010, 7099)], [(7401, 7489)], 3),
           ("Stavanger", [(4005, 4099)], [(4001, 4004)], 2),
           ("Drammen", [(3015, 3050)], [(3001, 3008)], 1),
           ("Kristiansand", [(4608, 4639)], [(4601, 4606)], 1),
           ("Skedsmokorset", [(2020, 2020)], None, 1), ("Hamar", [(2315, 2322)], None, 1),
           ("Tromsø", [(9006, 9020)], [(9251, 9299)], 1),
           ("Lillestrøm", [(2000, 2010)], None, 1), ("Ski", [(1400, 1403)], None, 1)],
    "FI": [("Helsinki", [(100, 990)], [(101, 181)], 8), ("Espoo", [(2100, 2980)], None, 4),
           ("Vantaa", [(1300, 1760)], None, 3), ("Tampere", [(33100, 33900)], [(33101, 33201)], 3),
           ("Turku", [(20100, 20900)], [(20101, 20201)], 3), ("Oulu", [(90100, 90900)], None, 2),
           ("Jyväskylä", [(40100, 40900)], None, 1), ("Kuopio", [(70100, 70900)], None, 1),
           ("Lahti", [(15100, 15900)], None, 1), ("Kerava", [(4200, 4260)], None, 1),
           ("Hyvinkää", [(5800, 5880)], None, 1), ("Vaasa", [(65100, 65380)], None, 1)],
    "DK": [("København", [(1050, 1799), (2100, 2450)], None, 6),
           ("Frederiksberg", [(1800, 2000)], None, 1), ("Hvidovre", [(2650, 2650)], None, 1),
           ("Brøndby", [(2605, 2605)], None, 2), ("Ballerup", [(2750, 2750)], None, 2),
           ("Herlev", [(2730, 2730)], None, 1), ("Søborg", [(2860, 2860)], None, 1),
           ("Kgs. Lyngby", [(2800, 2800)], None, 2), ("Humlebæk", [(3050, 3050)], None, 1),
           ("Odense", [(5000, 5270)], None, 2), ("Aarhus", [(8000, 8270)], None, 3),
           ("Aalborg", [(9000, 9220)], None, 1), ("Kolding", [(6000, 6000)], None, 1),
           ("Vejle", [(7100, 7100)], None, 1), ("Horsens", [(8700, 8700)], None, 1),
           ("Esbjerg", [(6700, 6700)], None, 1), ("Roskilde", [(4000, 4000)], None, 1),
           ("Glostrup", [(2600, 2600)], None, 1), ("Bagsværd", [(2880, 2880)], None, 1)],
    "DE": [("Tuttlingen", [(78532, 78532)], None, 5), ("Berlin", [(10115, 14199)], None, 2),
           ("Hamburg", [(20095, 22769)], None, 2), ("München", [(80331, 81929)], None, 2),
           ("Köln", [(50667, 51149)], None, 1), ("Frankfurt am Main", [(60306, 60599)], None, 1),
           ("Melsungen", [(34212, 34212)], None, 1), ("Erlangen", [(91052, 91058)], None, 1),
           ("Stuttgart", [(70173, 70629)], None, 1), ("Düsseldorf", [(40210, 40629)], None, 1),
           ("Hannover", [(30159, 30669)], None, 1), ("Nürnberg", [(90402, 90491)], None, 1),
           ("Lübeck", [(23552, 23570)], None, 1), ("Bad Homburg", [(61348, 61352)], None, 1),
           ("Neuhausen ob Eck", [(78579, 78579)], None, 1), ("Wurmlingen", [(78573, 78573)], None, 1),
           ("Spaichingen", [(78549, 78549)], None, 1)],
    "MY": [("Klang", [(41000, 42999)], None, 3), ("Shah Alam", [(40000, 40470)], None, 2),
           ("Ipoh", [(30000, 31650)], None, 3), ("Kamunting", [(34600, 34600)], None, 1),
           ("Taiping", [(34000, 34200)], None, 1), ("Kulim", [(9000, 9010)], None, 1),
           ("Seremban", [(70000, 70990)], None, 1), ("Petaling Jaya", [(46000, 47830)], None, 1),
           ("Kuala Lumpur", [(50000, 60000)], None, 1), ("Bukit Mertajam", [(14000, 14400)], None, 1),
           ("Nilai", [(71800, 71800)], None, 1), ("Banting", [(42700, 42700)], None, 1)],
    "PK": [("Sialkot", [(51310, 51310)], None, 8), ("Lahore", [(54000, 54810)], None, 2),
           ("Karachi", [(74000, 75950)], None, 2), ("Faisalabad", [(38000, 38090)], None, 2),
           ("Wazirabad", [(52000, 52000)], None, 1), ("Gujranwala", [(52250, 52250)], None, 1)],
    "CN": [("Shanghai", [(200000, 201999)], None, 3), ("Shenzhen", [(518000, 518199)], None, 3),
           ("Guangzhou", [(510000, 511499)], None, 2), ("Dongguan", [(523000, 523999)], None, 2),
           ("Ningbo", [(315000, 315899)], None, 2), ("Hangzhou", [(310000, 311999)], None, 2),
           ("Suzhou", [(215000, 215599)], None, 2), ("Zhangjiagang", [(215600, 215699)], None, 1),
           ("Nantong", [(226000, 226599)], None, 1), ("Xiamen", [(361000, 361199)], None, 1),
           ("Qingdao", [(266000, 266599)], None, 1), ("Weihai", [(264200, 264299)], None, 1),
           ("Hefei", [(230000, 231699)], None, 1), ("Wuhan", [(430000, 430299)], None, 1),
           ("Tianjin", [(300000, 301999)], None, 1), ("Changzhou", [(213000, 213199)], None, 1),
           ("Wuxi", [(214000, 214299)], None, 1), ("Zibo", [(255000, 255999)], None, 1)],
    "IN": [("Tiruppur", [(641601, 641687)], None, 3), ("Ludhiana", [(141001, 141017)], None, 1),
           ("Mumbai", [(400001, 400104)], None, 2), ("Chennai", [(600001, 600130)], None, 2),
           ("Bengaluru", [(560001, 560100)], None, 1), ("Ahmedabad", [(380001, 382481)], None, 1),
           ("New Delhi", [(110001, 110096)], None, 1), ("Noida", [(201301, 201310)], None, 1),
           ("Gurugram", [(122001, 122018)], None, 1), ("Vadodara", [(390001, 391775)], None, 1),
           ("Panipat", [(132103, 132103)], None, 1), ("Karur", [(639001, 639006)], None, 1),
           ("Jalandhar", [(144001, 144026)], None, 1)],
    "VN": [("Ho Chi Minh City", [(700000, 700999)], None, 4), ("Hanoi", [(100000, 119999)], None, 2),
           ("Binh Duong", [(820000, 829999)], None, 2), ("Bien Hoa", [(810000, 810999)], None, 1),
           ("Hai Phong", [(180000, 189999)], None, 1), ("Da Nang", [(550000, 559999)], None, 1),
           ("Long An", [(850000, 850999)], None, 1)],
}
POSTAL_WIDTH = {"SE": 5, "NO": 4, "FI": 5, "DK": 4, "DE": 5, "MY": 5, "PK": 5, "CN": 6,
                "IN": 6, "VN": 6}
CN_PROVINCE = {"Suzhou": "Jiangsu", "Zhangjiagang": "Jiangsu", "Nantong": "Jiangsu",
               "Changzhou": "Jiangsu", "Wuxi": "Jiangsu", "Ningbo": "Zhejiang",
               "Hangzhou": "Zhejiang", "Shenzhen": "Guangdong", "Guangzhou": "Guangdong",
               "Dongguan": "Guangdong", "Qingdao": "Shandong", "Weihai": "Shandong",
               "Zibo": "Shandong", "Xiamen": "Fujian", "Hefei": "Anhui", "Wuhan": "Hubei"}
CN_DIVISION = {"Shanghai": "310115", "Shenzhen": "440300", "Guangzhou": "440100",
               "Dongguan": "441900", "Ningbo": "330200", "Hangzhou": "330100",
               "Suzhou": "320500", "Zhangjiagang": "320582", "Nantong": "320600",
               "Xiamen": "350200", "Qingdao": "370200", "Weihai": "371000",
               "Hefei": "340100", "Wuhan": "420100", "Tianjin": "120000",
               "Changzhou": "320400", "Wuxi": "320200", "Zibo": "370300"}
IN_STATE = {"Tiruppur": "TN", "Ludhiana": "PB", "Mumbai": "MH", "Chennai": "TN",
            "Bengaluru": "KA", "Ahmedabad": "GJ", "New Delhi": "DL", "Noida": "UP",
            "Gurugram": "HR", "Vadodara": "GJ", "Panipat": "HR", "Karur": "TN",
            "Jalandhar": "PB"}
DE_COURT = {"Tuttlingen": "Stuttgart", "Neuhausen ob Eck": "Stuttgart",
            "Wurmlingen": "Stuttgart", "Spaichingen": "Stuttgart", "Stuttgart": "Stuttgart",
            "Berlin": "Berlin (Charlottenburg)", "Hamburg": "Hamburg", "München": "München",
            "Köln": "Köln", "Frankfurt am Main": "Frankfurt am Main", "Melsungen": "Kassel",
            "Erlangen": "Fürth", "Düsseldorf": "Düsseldorf", "Hannover": "Hannover",
            "Nürnberg": "Nürnberg", "Lübeck": "Lübeck", "Bad Homburg": "Bad Homburg v.d.H."}
CITY_ALIASES = {
    # city: [(variant, weight, who) ...]; who = "sv" Swedish-language partners, "any"
    "Göteborg": [("Gothenburg", "any"), ("Goteborg", "any")],
    "Malmö": [("Malmo", "any")],
    "Helsinki": [("Helsingfors", "sv")], "Espoo": [("Esbo", "sv")],
    "Vantaa": [("Vanda", "sv")], "Turku": [("Åbo", "sv")], "Tampere": [("Tammerfors", "sv")],
    "Oulu": [("Uleåborg", "sv")], "Lahti": [("Lahtis", "sv")], "Vaasa": [("Vasa", "sv")],
    "Hyvinkää": [("Hyvinge", "sv")], "Kerava": [("Kervo", "sv")],
    "København": [("Copenhagen", "any"), ("Köpenhamn", "sv"), ("København K", "any")],
    "Kgs. Lyngby": [("Kongens Lyngby", "any"), ("Lyngby", "any")],
    "Aarhus": [("Århus", "any")],
    "München": [("Munich", "any"), ("Muenchen", "any")], "Köln": [("Cologne", "any")],
    "Frankfurt am Main": [("Frankfurt", "any"), ("Frankfurt a.M.", "any")],
    "Ho Chi Minh City": [("HCMC", "any"), ("TP. Hồ Chí Minh", "any"), ("Ho Chi Minh", "any"),
                         ("Saigon", "any")],
    "Hanoi": [("Ha Noi", "any"), ("Hà Nội", "any")],
    "Binh Duong": [("Thu Dau Mot, Binh Duong", "any"), ("Bình Dương", "any")],
    "Bien Hoa": [("Bien Hoa, Dong Nai", "any")],
    "Bengaluru": [("Bangalore", "any")], "Gurugram": [("Gurgaon", "any")],
    "Kuala Lumpur": [("KL", "any")], "Ipoh": [("Ipoh, Perak", "any")],
    "Klang": [("Klang, Selangor", "any")], "Kamunting": [("Kamunting, Perak", "any")],
    "Sialkot": [("Sialkot-Pakistan", "any")],
    "Trondheim": [("Trondhjem", "any")],
}

SE_STREET_A = ["Industri", "Fabriks", "Verkstads", "Kungs", "Drottning", "Hamn", "Järnvägs",
               "Skepps", "Norra", "Södra", "Västra", "Östra", "Lager", "Företags", "Tegel",
               "Bruks", "Förråds", "Kvarn", "Sjö", "Björk", "Ek", "Lind", "Gran", "Hantverkar",
               "Smeds", "Svarv", "Vågs", "Mölndals", "Tuna", "Sol", "Äng", "Kopparbergs",
               "Gärdes", "Linné", "Flöjel", "Bergs", "Kyrko", "Mäster", "Ringvägen"]
SE_STREET_B = ["gatan", "vägen", "gatan", "vägen", "stråket", "allén", "backen", "leden"]
NO_STREET_A = ["Industri", "Fabrikk", "Kongens", "Dronning", "Havne", "Strand", "Sandaker",
               "Økern", "Lilleaker", "Bryn", "Nydalen", "Sagene", "Ring", "Drammens",
               "Trondheims", "Kirke", "Skogs", "Furu", "Bjerke", "Hoff", "Grenseveien"]
NO_STREET_B = ["veien", "gata", "gate", "vegen"]
FI_STREET_A = ["Teollisuus", "Tehtaan", "Kauppa", "Satama", "Mäki", "Koivu", "Kuusi",
               "Mänty", "Valimo", "Konepaja", "Sähkö", "Tiili", "Lääkäri", "Tekniikan",
               "Kutoja", "Pakkala", "Ruukin", "Niitty", "Linnoitus", "Keilaranta"]
FI_STREET_B = ["katu", "tie", "kuja", "polku"]
DK_STREET_A = ["Industri", "Fabrik", "Kongens", "Strand", "Havne", "Lyng", "Bøge", "Ege",
               "Lunde", "Marielund", "Roskilde", "Herlev Hoved", "Gladsaxe", "Banegårds",
               "Tåstrup", "Ring", "Skov", "Mølle", "Smede", "Kirke"]
DK_STREET_B = ["vej", "gade", "allé", "vej"]
DE_STREET_A = ["Industrie", "Gewerbe", "Haupt", "Bahnhof", "Markt", "Kirch", "Schul",
               "Garten", "Berg", "Wald", "Linden", "Mühlen", "Fabrik", "Werk", "Stockacher",
               "Möhringer", "Ludwigstaler", "Eisen", "Kessler", "Schwarzwald", "Donau"]
DE_STREET_B = ["straße", "weg", "allee", "ring", "straße", "straße"]
MY_AREAS = {"Klang": ["Kawasan Perindustrian Meru", "Kawasan Perindustrian Klang Utara",
                      "Taman Perindustrian Bukit Raja", "Kawasan Perindustrian Pulau Indah"],
            "Shah Alam": ["Seksyen 15", "Seksyen 26", "Taman Perindustrian Hicom"],
            "Ipoh": ["Kawasan Perindustrian Menglembu", "Taman Perindustrian Jelapang",
                     "Kawasan Perindustrian Tasek"],
            "Kamunting": ["Kawasan Perindustrian Kamunting Raya"],
            "Taiping": ["Kawasan Perindustrian Kamunting Raya", "Taman Perindustrian Taiping"],
            "Kulim": ["Kulim Hi-Tech Park", "Kawasan Perindustrian Kulim"],
            "Seremban": ["Kawasan Perindustrian Senawang", "Taman Perindustrian Oakland"],
            "Petaling Jaya": ["Seksyen 51A", "Taman Perindustrian Subang"],
            "Kuala Lumpur": ["Taman Perindustrian Sri Damansara", "Kawasan Perindustrian Kepong"],
            "Bukit Mertajam": ["Kawasan Perindustrian Bukit Minyak", "Taman Perindustrian Bukit Tengah"],
            "Nilai": ["Taman Perindustrian Nilai", "Kawasan Perindustrian Nilai 3"],
            "Banting": ["Kawasan Perindustrian Olak Lempit", "Taman Perindustrian Banting"]}
PK_ROADS = ["Small Industrial Estate", "Kashmir Road", "Daska Road", "Sambrial Road",
            "Paris Road", "Ugoki Road", "Wazirabad Road", "Defence Road", "Airport Road",
            "Kotli Behram", "Pasrur Road", "Hajipura Road", "Khadim Ali Road"]
CN_ROADS = ["Huanghe", "Changjiang", "Zhongshan", "Jiefang", "Renmin", "Xinhua", "Jianshe",
            "Gongye", "Keji", "Chuangye", "Binhai", "Dongfang", "Xingye", "Huashan",
            "Taishan", "Jinqiao", "Songjiang", "Wenhua", "Yingbin", "Fuqiang"]
CN_AREAS = ["Economic and Technological Development Zone", "High-tech Industrial Park",
            "Industrial Zone", "Free Trade Zone", "New District", "Export Processing Zone"]
IN_AREAS = ["SIDCO Industrial Estate", "MIDC Industrial Area", "GIDC Estate", "Phase II",
            "Focal Point", "Okhla Industrial Area", "Sector 63", "Udyog Vihar",
            "Avinashi Road", "Kangeyam Road", "Peenya Industrial Area", "Ambattur Industrial Estate"]
VN_PARKS = ["Tan Thuan Export Processing Zone", "VSIP II Industrial Park", "My Phuoc 3 Industrial Park",
            "Song Than 2 Industrial Park", "Amata Industrial Park", "Nhon Trach 3 Industrial Park",
            "Linh Trung Export Processing Zone", "Tan Binh Industrial Park", "Dinh Vu Industrial Zone",
            "Hoa Khanh Industrial Zone", "Duc Hoa 1 Industrial Park"]


@dataclass
class Address:
    street: str
    postal: str
    city: str
    is_box: bool = False


def _postal(rng, ranges, width):
    lo, hi = rng.choice(ranges)
    return str(rng.randint(lo, hi)).zfill(width)


def _street(country, rng, city):
    n = rng.randint(1, 140)
    letter = rng.choice(["", "", "", "", "A", "B"])
    if country == "SE":
        a = rng.choice(SE_STREET_A)
        if a == "Ringvägen":
            return f"Ringvägen {n}{letter}"
        return f"{a}{rng.choice(SE_STREET_B)} {n}{letter}"
    if country == "NO":
        a = rng.choice(NO_STREET_A)
        if a == "Grenseveien":
            return f"Grenseveien {n}{letter}"
        return f"{a}{rng.choice(NO_STREET_B)} {n}{letter}"
    if country == "FI":
        a = rng.choice(FI_STREET_A)
        return f"{a}{rng.choice(FI_STREET_B)} {n}{letter}"
    if country == "DK":
        return f"{rng.choice(DK_STREET_A)}{rng.choice(DK_STREET_B)} {n}{letter}"
    if country == "DE":
        return f"{rng.choice(DE_STREET_A)}{rng.choice(DE_STREET_B)} {n}{letter.lower()}"
    if country == "MY":
        area = rng.choice(MY_AREAS.get(city, [f"Kawasan Perindustrian {city}"]))
        if rng.random() < 0.6:
            return (f"Lot {rng.randint(100, 9999)}, Jalan {rng.choice(['Perusahaan', 'Industri', 'Perindustrian'])} "
                    f"{rng.randint(1, 12)}, {area}")
        return (f"No. {rng.randint(1, 80)}, Jalan {rng.choice(['Teratai', 'Kenanga', 'Cempaka', 'Melati', 'Tasek', 'Kelang'])} "
                f"{rng.randint(1, 9)}/{rng.randint(1, 30)}, {area}")
    if country == "PK":
        if city == "Sialkot":
            return f"{rng.choice(['Plot No. ', 'P.O. Box ', '', ''])}{rng.randint(1, 400)}, {rng.choice(PK_ROADS)}"
        return f"Plot {rng.choice('ABCDEFG')}-{rng.randint(1, 300)}, {rng.choice(['S.I.T.E.', 'Sundar Industrial Estate', 'Kot Lakhpat', 'Sargodha Road', 'Jhang Road', 'Korangi Industrial Area'])}"
    if country == "CN":
        if rng.random() < 0.55:
            return f"No. {n} {rng.choice(CN_ROADS)} Road, {rng.choice(CN_AREAS)}"
        return (f"Building {rng.randint(1, 12)}, No. {n} {rng.choice(CN_ROADS)} Road, "
                f"{rng.choice(['Xinbei', 'Pudong', 'Baoan', 'Longgang', 'Yinzhou', 'Wujiang', 'Huangdao', 'Jiangbei', 'Binjiang'])} District")
    if country == "IN":
        if rng.random() < 0.5:
            return f"Plot No. {rng.randint(1, 300)}, {rng.choice(IN_AREAS)}"
        return f"{rng.randint(1, 99)}/{rng.randint(1, 30)}, {rng.choice(['Gandhi Road', 'Nehru Street', 'Station Road', 'Mill Road', 'Kamaraj Road'])}, {rng.choice(['Anna Nagar', 'Gandhi Nagar', 'Rajendra Nagar', 'Vadavalli', 'Peelamedu'])}"
    # VN
    if rng.random() < 0.6:
        return f"Lot {rng.choice('ABCDE')}{rng.randint(1, 30)}, {rng.choice(VN_PARKS)}"
    return f"{rng.randint(1, 400)} {rng.choice(['Nguyen Van Linh', 'Le Loi', 'Tran Hung Dao', 'Vo Van Kiet', 'Nguyen Trai', 'Hai Ba Trung'])} Street, Ward {rng.randint(1, 15)}, District {rng.randint(1, 12)}"


def _box_street(country, rng):
    if country == "SE":
        return f"Box {rng.randint(1, 9999)}"
    if country in ("NO", "DK"):
        return f"Postboks {rng.randint(1, 999)}" + (" Sentrum" if country == "NO" and rng.random() < 0.3 else "")
    if country == "FI":
        return f"PL {rng.randint(1, 999)}"
    return None


def _make_addresses(country, rng, city_row=None, want_box=True):
    row = city_row or wchoice(rng, [(c, c[3]) for c in CITIES[country]])
    city, vis, box, _w = row
    width = POSTAL_WIDTH[country]
    visit = Address(_street(country, rng, city), _postal(rng, vis, width), city)
    boxaddr = None
    if want_box and country in NORDIC and rng.random() < 0.40:
        ranges = box or vis
        if country == "FI":
            # Finnish PO boxes use their own codes (ending in 1 in the big cities)
            pc = _postal(rng, ranges, width)
            pc = pc[:-1] + "1"
        else:
            pc = _postal(rng, ranges, width)
        boxaddr = Address(_box_street(country, rng), pc, city, True)
    return visit, boxaddr, row


# ---------------------------------------------------------------------------
# Identifier generation (valid check digits via python-stdnum)
# ---------------------------------------------------------------------------
def _digits(rng, n):
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _gen_se_orgnr(rng, series):
    while True:
        base = series + _digits(rng, 9 - len(series))
        num = base + luhn.calc_check_digit(base)
        if se_orgnr.is_valid(num):
            return num


def _brute_last_digit(rng, make, valid):
    while True:
        base = make()
        digits = list("0123456789")
        rng.shuffle(digits)
        for d in digits:
            if valid(base + d):
                return base + d


def _gen_no_orgnr(rng):
    return _brute_last_digit(rng, lambda: rng.choice("89") + _digits(rng, 7), no_orgnr.is_valid)


def _gen_fi_ytunnus(rng):
    num = _brute_last_digit(rng, lambda: rng.choice("0112223") + _digits(rng, 6),
                            lambda s: fi_ytunnus.is_valid(s[:7] + "-" + s[7]))
    return num[:7] + "-" + num[7]


def _gen_dk_cvr(rng):
    return _brute_last_digit(rng, lambda: str(rng.randint(1, 4)) + _digits(rng, 6), dk_cvr.is_valid)


def _gen_de_vat(rng):
    return "DE" + _brute_last_digit(rng, lambda: str(rng.randint(1, 3)) + _digits(rng, 7),
                                    lambda s: de_vat.is_valid("DE" + s))


GLN_PREFIX = {"SE": ["73"], "NO": ["70"], "FI": ["64"], "DK": ["57"], "DE": ["40", "42", "43"],
              "MY": ["955"], "PK": ["896"], "CN": ["690", "692", "693", "694", "695", "697"],
              "IN": ["890"], "VN": ["893"]}


def _gen_gln(rng, country):
    base = rng.choice(GLN_PREFIX[country])
    base = base + _digits(rng, 12 - len(base))
    return base + ean.calc_check_digit(base)


LEI_LOU = ["5493", "2138", "5299", "7437", "6367", "9695", "3157", "8945", "5967", "2549"]
_LEI_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def _gen_lei(rng):
    body = rng.choice(LEI_LOU) + "00" + "".join(rng.choice(_LEI_CHARS) for _ in range(12))
    num = body + mod_97_10.calc_check_digits(body)
    assert std_lei.is_valid(num)
    return num


def _gen_duns(rng):
    return str(rng.randint(1, 9)) + _digits(rng, 8)


_USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _gen_uscc(rng, city):
    body = "91" + CN_DIVISION[city] + "".join(rng.choice(_USCC_ALPHA[:10] if i < 2 else _USCC_ALPHA)
                                              for i in range(9))
    return body + cn_uscc.calc_check_digit(body)


def _gen_ssm(rng):
    year = rng.randint(1978, 2021)
    new = f"{year}01{_digits(rng, 6)}"
    old = None
    if year < 2019:
        seq = int(200000 + (year - 1978) * 28000 + rng.randint(0, 27999))
        old = f"{seq}-{rng.choice('ADHKMPTUVWX')}"
    return new, old


IN_NIC = {"textile": "17111", "garment": "18101", "surgical": "33112", "pharma": "24231",
          "rubber": "25191", "other": "51909"}


def _gen_cin(rng, city, listed, sector):
    year = rng.randint(1975, 2020)
    return (f"{'L' if listed else 'U'}{IN_NIC.get(sector, '51909')}{IN_STATE[city]}{year}"
            f"{'PLC' if listed else 'PTC'}{rng.randint(1000, 299999):06d}")


def _gen_de_cr(rng, city, form):
    reg = "HRA" if form == "GmbH & Co. KG" else "HRB"
    return f"{DE_COURT.get(city, 'Stuttgart')} {reg} {rng.randint(1000, 759999)}"


CHECKED_SCHEMES = ("SE-ON", "NO-BRC", "FI-PRO", "DK-CVR", "VAT", "GLN", "XI-LEI", "CN-SAIC", "DE-CR")


def stdnum_valid(scheme, value):
    """True/False for schemes python-stdnum can check, None for schemes without a check."""
    v = value.strip()
    if scheme == "SE-ON":
        return se_orgnr.is_valid(v)
    if scheme == "NO-BRC":
        return no_orgnr.is_valid(v)
    if scheme == "FI-PRO":
        return fi_ytunnus.is_valid(v)
    if scheme == "DK-CVR":
        return dk_cvr.is_valid(v)
    if scheme == "VAT":
        pre = v[:2].upper()
        if pre == "SE":
            return se_vat.is_valid(v)
        if pre == "NO" or v.upper().endswith("MVA"):
            return no_mva.is_valid(v)
        if pre == "FI":
            return fi_alv.is_valid(v)
        return eu_vat.is_valid(v)
    if scheme == "GLN":
        return len(v) == 13 and ean.is_valid(v)
    if scheme == "XI-LEI":
        return std_lei.is_valid(v)
    if scheme == "CN-SAIC":
        return cn_uscc.is_valid(v)
    if scheme == "DE-CR":
        return de_hr.is_valid(v)
    return None


def _corrupt(rng, scheme, value):
    """Mistype one digit so that the value fails its check (for checked schemes)."""
    for _ in range(200):
        pos = [i for i, ch in enumerate(value) if ch.isdigit()]
        if scheme == "VAT":
            pos = [i for i in pos if i >= 2]
        i = rng.choice(pos)
        new = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]
        if scheme in CHECKED_SCHEMES and scheme != "DE-CR":
            if not stdnum_valid(scheme, new):
                return new
        else:
            return new
    return value


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
SE_PRE = ["Medi", "Nord", "Skandi", "Vita", "Sana", "Kiru", "Orto", "Steri", "Dento", "Labo",
          "Opti", "Flexi", "Termo", "Hydro", "Evo", "Uni", "Multi", "Inno", "Bio", "Eko",
          "Klar", "Trygg", "Vård", "Aqua", "Cura", "Derma", "Neuro", "Cardi", "Pulmo",
          "Osteo", "Sensi", "Proto", "Nova", "Lumi", "Silva", "Cela", "Fenix", "Polar",
          "Alfa", "Sigma", "Vega", "Tera", "Medo", "Plasto", "Rena", "Kem", "Hemo", "Lyx",
          "Axi", "Vexa", "Oxy", "Zeni", "Elvi", "Runo", "Sveda", "Geno", "Immu", "Tessi"]
SE_SUF = ["tek", "med", "lab", "care", "plast", "pak", "steril", "form", "vård", "line",
          "nova", "tron", "sense", "gard", "link", "ona", "ex", "ix", "ica", "vent", "dia",
          "flex", "mark", "dent", "kem", "pharm", "san", "tex", "lund", "berg", "dal",
          "vik", "quist", "ion", "ara", "eon", "ium", "yx", "os", "ent"]
SE_SECTOR = ["Medicinteknik", "Sjukvårdsprodukter", "Laboratorieteknik", "Emballage",
             "Förbrukningsmaterial", "Textilservice", "Tvätteri", "Städservice",
             "Instrumentservice", "Elektriska", "Bygg", "Måleri", "Transport", "Åkeri",
             "Kaffe", "Frukt och Grönt", "Livsmedel", "Hjälpmedel", "Ortopediteknik",
             "Dentalteknik", "Kemi", "Data", "IT-konsult", "Kontorsmaterial", "Möbler",
             "Plast", "Metallprodukter", "VVS", "Ventilation", "Konsult", "Tryckeri",
             "Bemanning", "Handel", "Import", "Diagnostik", "Hygien", "Skyddsutrustning"]
SE_SUR = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
          "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
          "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson",
          "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström",
          "Lundberg", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson",
          "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
          "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm",
          "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström",
          "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist",
          "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund", "Björklund",
          "Eliasson", "Pålsson", "Berggren", "Sandström", "Nordin", "Ström", "Åberg",
          "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg",
          "Hellström", "Sjögren", "Abrahamsson", "Falk", "Martinsson", "Öberg",
          "Andreasson", "Strömberg", "Månsson", "Åkesson", "Norberg", "Lindholm", "Dahl"]
SE_PLACE = ["Smålands", "Norrlands", "Hallands", "Värmlands", "Dalarnas", "Gotlands",
            "Västkustens", "Mälardalens", "Östgöta", "Göteborgs", "Stockholms", "Skånska",
            "Uppsala", "Lunds", "Örebro", "Jönköpings", "Växjö", "Borås", "Kalmar",
            "Sydsvenska", "Norrbottens", "Roslagens", "Bohusläns", "Blekinge"]
EN_ADJ = ["Nordic", "Scandinavian", "Baltic", "North", "Polar", "Arctic", "Blue", "Green",
          "Clear", "Pure", "Smart", "Prime", "Advanced", "First", "Modern", "Global",
          "Bright", "True", "Swift", "Optimal"]
EN_NOUN = ["Medical", "Health", "Lab", "Care", "Surgical", "Dental", "Diagnostics",
           "Hygiene", "Safety", "Pharma", "Rehab", "Clinical", "Wound Care", "Vision", "Office"]
EN_TAIL = ["Supply", "Systems", "Solutions", "Products", "Partner", "Distribution",
           "Innovation", "Scandinavia", "International", "Services", "Technology",
           "Equipment", "Logistics"]

NO_SECTOR = ["Medisinsk", "Sykehusutstyr", "Laboratorieutstyr", "Helse", "Emballasje",
             "Engros", "Teknikk", "Hjelpemidler", "Rengjøring", "Tekstil", "Vaskeri",
             "Elektro", "Bygg", "Transport", "Kaffe", "Frukt", "Data", "Kontor", "Ortopedi",
             "Dental", "Import", "Verneutstyr"]
NO_SUR = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
          "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Haugen",
          "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Jørgensen", "Halvorsen",
          "Henriksen", "Sørensen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
          "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken",
          "Kristoffersen", "Mathisen", "Amundsen", "Lunde", "Solheim", "Berge", "Nygård",
          "Bakke", "Fredriksen", "Lien", "Hauge", "Knudsen", "Evensen", "Sæther", "Myhre",
          "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Berntsen", "Sandvik",
          "Rønning", "Arnesen", "Næss", "Ellingsen", "Thorsen", "Birkeland", "Gulbrandsen",
          "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen", "Ødegård", "Helland", "Bøe",
          "Aune", "Tveit", "Brekke", "Abrahamsen", "Madsen"]
NO_PLACE = ["Norsk", "Nordnorsk", "Trøndersk", "Sørlandets", "Vestlandske", "Oslo",
            "Bergens", "Østlandets", "Agder", "Romerike", "Hedmark", "Rogaland", "Nordlands"]
NO_SUF = ["med", "tek", "care", "lab", "form", "vik", "heim", "dal", "nor", "sen", "ica",
          "ex", "on", "ia", "plast", "steril", "sana"]

FI_SECTOR = ["Lääkintä", "Terveys", "Hoitotarvike", "Laboratorio", "Sairaalatarvike",
             "Tekniikka", "Hygienia", "Pakkaus", "Tekstiili", "Pesula", "Siivous", "Sähkö",
             "Rakennus", "Kuljetus", "Kahvi", "Elintarvike", "Apuväline", "Ortopedia",
             "Hammastarvike", "Kemia", "Instrumentti", "Tukku"]
FI_SUR = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
          "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen",
          "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen",
          "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila",
          "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Leinonen", "Miettinen",
          "Pitkänen", "Kettunen", "Vainio", "Lindroos", "Nyström", "Sundqvist", "Forsman"]
FI_PLACE = ["Suomen", "Tampereen", "Turun", "Oulun", "Helsingin", "Kuopion", "Pohjolan",
            "Lapin", "Savon", "Hämeen", "Karjalan", "Pohjanmaan", "Uudenmaan", "Kymen"]
FI_SUF = ["med", "tek", "lab", "care", "ica", "ia", "on", "ex", "vita", "medi", "sana",
          "tron", "kem", "pak", "steril", "form"]

DK_SECTOR = ["Medico", "Hospitalsudstyr", "Laboratorieudstyr", "Sundhed", "Emballage",
             "Engros", "Teknik", "Hjælpemidler", "Rengøring", "Tekstil", "Vaskeri", "El",
             "Byg", "Transport", "Kaffe", "Frugt", "Data", "Kontor", "Ortopædi", "Dental",
             "Import", "Værnemidler"]
DK_SUR = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
          "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
          "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
          "Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt",
          "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen",
          "Iversen", "Jeppesen", "Mogensen", "Jespersen", "Nissen", "Lauridsen", "Frandsen",
          "Østergaard", "Jepsen", "Kjær", "Carlsen", "Vestergaard", "Jessen", "Nørgaard",
          "Skov", "Søndergaard", "Bertelsen", "Bruun", "Lassen", "Bach", "Gregersen",
          "Friis", "Steffensen", "Kjeldsen", "Bech", "Krogh", "Winther", "Toft", "Ravn",
          "Holst", "Schou", "Overgaard", "Thygesen", "Bendtsen", "Kjærgaard"]
DK_PLACE = ["Dansk", "Nordisk", "Jysk", "Fynsk", "Sjællandsk", "Københavns", "Aarhus",
            "Nordjysk", "Sønderjysk", "Midtjysk", "Vestjysk", "Bornholms"]
DK_SUF = ["med", "tek", "care", "lab", "dan", "ica", "ex", "on", "sund", "form", "plast"]

DE_SUR = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
          "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
          "Schwarz", "Zimmermann", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
          "Werner", "Krause", "Lehmann", "Schulze", "Maier", "Köhler", "Herrmann", "König",
          "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weiß",
          "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Berger",
          "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
          "Ludwig", "Böhm", "Winter", "Kraus", "Schumacher", "Krämer", "Vogt", "Stein",
          "Jäger", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber",
          "Graf", "Dietrich", "Ziegler", "Kühn", "Pohl", "Engel", "Horn", "Busch",
          "Bergmann", "Voigt", "Sauer", "Arnold", "Pfeiffer", "Straub", "Kessler", "Hepp"]
DE_SECTOR = ["Medizintechnik", "Chirurgie-Instrumente", "Labortechnik", "Medical", "Dental",
             "Orthopädietechnik", "Textil", "Verbandstoffe", "Kliniktechnik",
             "Präzisionsinstrumente", "Hygiene", "Gummiwerke", "Kunststofftechnik",
             "Elektronik", "Instrumente", "Diagnostika", "Endoskopie", "Feinmechanik"]
DE_FIRST = ["Karl", "Hans", "Josef", "Martin", "Gebr.", "Heinrich", "Otto", "Friedrich", "August"]
DE_PLACE = ["Tuttlinger", "Schwäbische", "Berliner", "Hamburger", "Bayerische", "Rheinische",
            "Sächsische", "Hessische", "Fränkische", "Westfälische"]

MY_STEM = ["Hup Seng", "Kim Hin", "Wah Seong", "Teck Guan", "Kian Joo", "Sin Heng", "Lee Kee",
           "Eng Hong", "Chin Well", "Tiong Nam", "Soon Lee", "Seng Fong", "Ban Hin",
           "Kwong Lee", "Yew Lian", "Guan Chong", "Sri Maju", "Jaya", "Sinar", "Cahaya",
           "Permai", "Mutiara", "Bintang", "Setia", "Bumi", "Indah", "Perdana", "Makmur",
           "Gemilang", "Harmoni", "Sejati", "Supreme", "Premier", "Golden", "Royal",
           "Asia Pacific", "Eastern", "Nexus", "Vital", "Perak", "Kinta", "Kulim", "Meru"]
MY_PRODUCT = ["Glove", "Latex", "Rubber", "Medical", "Healthcare", "Polymer", "Plastics",
              "Textile", "Gloves"]
MY_TAIL = ["Industries", "Products", "Manufacturing", "Corporation", "Technology",
           "Enterprise", "Resources", "Industry"]
PK_NAME = ["Ahmed", "Bashir", "Rehman", "Iqbal", "Anwar", "Rafiq", "Siddique", "Hameed",
           "Akhtar", "Aslam", "Javed", "Tariq", "Usman", "Zafar", "Nadeem", "Saleem",
           "Shafiq", "Aziz", "Hussain", "Khalid", "Farooq", "Nawaz", "Arif", "Amin",
           "Ghani", "Latif", "Majeed", "Sabir", "Yousaf", "Zahid", "Ijaz", "Mushtaq"]
PK_PREFIX = ["Al-Noor", "Al-Madina", "Al-Hamd", "Medi-Pak", "Surgi", "Pak", "Crescent",
             "Green", "Star", "Royal", "Falcon", "Eagle", "Hilal", "Noor", "Shan", "Fine",
             "Precise", "Ever", "Super", "Universal", "Standard", "Sialko", "Ali", "Daud",
             "Faran", "Hira", "Ravi", "Indus", "Chenab", "Zam Zam", "Madni", "Makkah"]
PK_PRODUCT = ["Surgical", "Instruments", "Surgico", "Medical", "Dental", "Beauty Care",
              "Sports", "Textile", "Leather", "Gloves"]
PK_TAIL = ["Works", "Industries", "Instruments", "Corporation", "Company", "International",
           "Enterprises", "Traders"]
CN_SYL = ["Kang", "Hua", "Xin", "Jia", "Rui", "Tai", "Heng", "Sheng", "Mei", "Da", "Fu",
          "Yuan", "Hong", "Li", "An", "Bo", "Cheng", "De", "Feng", "Guang", "Hai", "Jin",
          "Long", "Ming", "Ping", "Qiang", "Shun", "Tian", "Wei", "Xiang", "Yi", "Yong",
          "Zhong", "Zhi", "Ke", "Lian", "Run", "Sen", "Tong", "Yu", "Hui", "Kai", "Lan",
          "Nuo", "Ou", "Pu", "Rong", "Sai", "Tuo", "Wan", "Xu", "Ying", "Zhen"]
CN_PRODUCT = ["Medical Products", "Medical Devices", "Medical Supplies", "Medical Technology",
              "Sanitary Materials", "Plastic Products", "Rubber Products", "Textile",
              "Garments", "Electronics", "Technology", "Health Products", "Hygiene Products",
              "Latex Products", "Medical Instruments", "Import & Export", "Industrial",
              "Nonwoven Products", "Biotechnology", "Dressing"]
IN_FIRST = ["Shree Ganesh", "Sri Balaji", "Om Sai", "Lakshmi", "Kaveri", "Shakti",
            "Jai Bharat", "Sri Murugan", "Ganga", "Vishnu", "Annapurna", "Sai Krishna",
            "Surya", "Navkar", "Mahalaxmi", "Raj", "Indo", "Supreme", "Shree Krishna",
            "Sri Vinayaga", "Kamadhenu", "Tirupati", "Bharat", "Everest"]
IN_SUR = ["Patel", "Shah", "Mehta", "Agarwal", "Gupta", "Kumar", "Sharma", "Jain", "Reddy",
          "Iyer", "Nair", "Singh", "Malhotra", "Bansal", "Goel", "Mittal", "Kapoor", "Chopra"]
IN_PRODUCT = [("Textiles", "textile"), ("Exports", "textile"), ("Knit Fabs", "textile"),
              ("Knitwear", "garment"), ("Garments", "garment"), ("Healthcare", "pharma"),
              ("Surgicals", "surgical"), ("Overseas", "other"), ("Impex", "other"),
              ("Industries", "other"), ("Cotton Mills", "textile"), ("Apparels", "garment"),
              ("Pharma", "pharma"), ("Medical Devices", "surgical"), ("Polymers", "rubber"),
              ("Surgical Dressings", "surgical"), ("Rubber Products", "rubber")]
VN_WORD = ["Thành Công", "Phú Thịnh", "Hòa Bình", "Việt Tiến", "Minh Phát", "Hưng Long",
           "An Phước", "Tân Phú", "Nam Việt", "Đông Á", "Trường Sơn", "Phước Long",
           "Thiên Long", "Hoàng Gia", "Tiến Đạt", "Quang Minh", "Sông Hồng", "Bảo Long",
           "Đại Việt", "Kim Long", "Phương Nam", "Hải Âu", "Vĩnh Phát", "Thuận Phát",
           "Đức Thành", "Hưng Thịnh", "Tân Tiến", "Mỹ Phước", "Sài Gòn", "Hà Thành",
           "Lạc Hồng", "Nhật Quang", "Gia Phát", "Thái Bình", "Hồng Hà"]
VN_PRODUCT = ["Textile Garment", "Garment", "Rubber", "Coffee", "Medical Equipment",
              "Plastic", "Latex", "Medical Supplies", "Trading Production",
              "Investment Trading", "Garment Export", "Medical Textile"]

LEGAL_FORMS = {
    "SE": [("AB", 92), ("AB (publ)", 3), ("HB", 5)],
    "NO": [("AS", 97), ("ASA", 3)],
    "FI": [("Oy", 95), ("Oyj", 3), ("Ky", 2)],
    "DK": [("A/S", 55), ("ApS", 45)],
    "DE": [("GmbH", 72), ("GmbH & Co. KG", 20), ("AG", 8)],
    "MY": [("Sdn Bhd", 92), ("Berhad", 8)],
    "PK": [("(Pvt) Ltd", 60), ("", 35), ("Ltd", 5)],
    "CN": [("Co., Ltd.", 100)],
    "IN": [("Pvt Ltd", 75), ("Ltd", 10), ("", 15)],
    "VN": [("JSC", 45), ("Co., Ltd.", 55)],
}
FORM_VARIANTS = {
    ("SE", "AB"): [("AB", 82), ("Aktiebolag", 12), ("Ab", 4), ("A.B.", 2)],
    ("SE", "AB (publ)"): [("AB (publ)", 55), ("AB", 35), ("Aktiebolag (publ)", 5), ("AB publ", 5)],
    ("SE", "HB"): [("HB", 80), ("Handelsbolag", 20)],
    ("NO", "AS"): [("AS", 80), ("A/S", 12), ("A.S.", 3), ("Aksjeselskap", 5)],
    ("NO", "ASA"): [("ASA", 92), ("Allmennaksjeselskap", 3), ("AS", 5)],
    ("FI", "Oy"): [("Oy", 85), ("OY", 4), ("Osakeyhtiö", 5), ("Oy Ab", 4), ("Ltd", 2)],
    ("FI", "Oyj"): [("Oyj", 85), ("Oy", 8), ("Abp", 2), ("Oyj Abp", 5)],
    ("FI", "Ky"): [("Ky", 100)],
    ("DK", "A/S"): [("A/S", 85), ("AS", 10), ("Aktieselskab", 5)],
    ("DK", "ApS"): [("ApS", 85), ("Aps", 8), ("Anpartsselskab", 7)],
    ("DE", "GmbH"): [("GmbH", 90), ("Gmbh", 5), ("G.m.b.H.", 5)],
    ("DE", "GmbH & Co. KG"): [("GmbH & Co. KG", 75), ("GmbH & Co KG", 15), ("GmbH u. Co. KG", 5),
                              ("GmbH&Co.KG", 5)],
    ("DE", "AG"): [("AG", 95), ("Aktiengesellschaft", 5)],
    ("MY", "Sdn Bhd"): [("Sdn Bhd", 45), ("Sdn. Bhd.", 40), ("S/B", 5), ("Sendirian Berhad", 10)],
    ("MY", "Berhad"): [("Berhad", 60), ("Bhd", 30), ("Bhd.", 10)],
    ("PK", "(Pvt) Ltd"): [("(Pvt) Ltd", 40), ("(Pvt.) Ltd.", 20), ("Pvt. Ltd.", 15), ("Pvt Ltd", 10),
                          ("(Private) Limited", 10), ("Private Limited", 5)],
    ("PK", "Ltd"): [("Limited", 60), ("Ltd", 25), ("Ltd.", 15)],
    ("IN", "Pvt Ltd"): [("Private Limited", 40), ("Pvt. Ltd.", 35), ("Pvt Ltd", 15), ("(P) Ltd", 5),
                        ("Pvt. Limited", 5)],
    ("IN", "Ltd"): [("Limited", 60), ("Ltd.", 30), ("Ltd", 10)],
    ("CN", "Co., Ltd."): [("Co., Ltd.", 60), ("Co.,Ltd.", 15), ("Co., Ltd", 10), ("Company Limited", 8),
                          ("Co. Ltd", 7)],
    ("VN", "JSC"): [("Joint Stock Company", 55), ("JSC", 35), ("J.S.C", 5), ("Joint Stock Co.", 5)],
    ("VN", "Co., Ltd."): [("Co., Ltd.", 50), ("Company Limited", 40), ("Co.,Ltd", 10)],
}
LONG_FORMS = {"Aktiebolag", "Aktiebolag (publ)", "Handelsbolag", "Aksjeselskap", "Osakeyhtiö",
              "Aktieselskab", "Anpartsselskab", "Aktiengesellschaft", "Sendirian Berhad",
              "Private Limited", "(Private) Limited", "Company Limited", "Joint Stock Company"}
COUNTRY_WORD = {"SE": ["Sverige"], "NO": ["Norge"], "FI": ["Finland", "Suomi"], "DK": ["Danmark"],
                "DE": ["Deutschland"]}

ABBREV = {
    "Medical": ["Med.", "Med", "Medic."], "Medicinteknik": ["Medicintek.", "Med.teknik"],
    "International": ["Int.", "Intl", "Int'l"], "Scandinavia": ["Scand.", "Scandin."],
    "Scandinavian": ["Scand.", "Scan."], "Sverige": ["Sv."], "Nordic": ["Nord."],
    "Technology": ["Tech.", "Techn."], "Industries": ["Ind.", "Inds."], "Industry": ["Ind."],
    "Manufacturing": ["Mfg.", "Mfg", "Manuf."], "Products": ["Prod.", "Prods"],
    "Produkter": ["Prod."], "Instruments": ["Instr.", "Inst."], "Instrument": ["Instr."],
    "Surgical": ["Surg."], "Corporation": ["Corp.", "Corp"], "Company": ["Co.", "Co"],
    "Laboratorieteknik": ["Lab.teknik", "Labteknik"], "Distribution": ["Distr.", "Dist."],
    "Healthcare": ["Health Care"], "Trading": ["Trdg"], "Brothers": ["Bros.", "Bros"],
    "Equipment": ["Equip.", "Eqpt"], "Supplies": ["Suppl."], "Systems": ["Syst.", "Sys."],
    "Solutions": ["Sol."], "Textiles": ["Tex."], "Medizintechnik": ["Med.-Technik", "Medizintech."],
    "Sjukvårdsprodukter": ["Sjukvårdsprod.", "Sjukv.prod."], "Services": ["Serv."],
    "Enterprises": ["Ent.", "Enterprise"], "Export": ["Exp."], "Exports": ["Exp."],
    "Chirurgie-Instrumente": ["Chir.-Instrumente", "Chirurgie Instrumente"],
    "Gebr.": ["Gebrüder"], "Engros": ["En gros"], "Hospitalsudstyr": ["Hosp.udstyr"],
    "Laboratorieutstyr": ["Lab.utstyr"], "Sykehusutstyr": ["Sykehusutst."],
    "Import & Export": ["Imp. & Exp.", "I/E"], "Lääkintä": ["Lääk."],
    "Investment": ["Inv."], "Production": ["Prod."], "Garment": ["Gmt"],
}
CONNECTOR = {"och": "&", "og": "&", "and": "&", "und": "&", "ja": "&", "&": None}
TRANSLIT = {"Muhammad": ["Mohammad", "Mohammed", "Muhammed", "M."], "Ahmed": ["Ahmad"],
            "Rehman": ["Rahman"], "Siddique": ["Siddiqui"], "Hussain": ["Hussein", "Husain"],
            "Yousaf": ["Yousuf", "Yusuf"], "Shree": ["Shri", "Sri"], "Sri": ["Shri", "Shree"],
            "Lakshmi": ["Laxmi"], "Mahalaxmi": ["Mahalakshmi"], "Vinayaga": ["Vinayagar"],
            "Farooq": ["Farooque", "Faruq"], "Ijaz": ["Ejaz"]}
DEPT = {"SE": [", Kundtjänst", " Order", " - Faktura", ", Ekonomi", " (order)"],
        "NO": [", Kundeservice", " Ordre", " - Faktura"],
        "FI": [", Laskutus", " Tilaukset", ", Asiakaspalvelu"]}
INACTIVE = {"SE": [" (ej aktiv)", " EJ AKTIV", " (spärrad)", "*SPÄRRAD* "],
            "NO": [" (inaktiv)", " - IKKE I BRUK"], "FI": [" (ei käytössä)", " POISTETTU"]}


def fold(s):
    """Diacritic-folded, lower-case, alphanumeric-only key (used for uniqueness checks)."""
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    s = s.replace("ß", "ss").replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s.lower() if ch.isalnum() and not unicodedata.combining(ch))


def _coined(rng, pre, suf):
    p = rng.choice(pre)
    for _ in range(20):
        s = rng.choice(suf)
        if not (p[-1] == s[0] or (p[-1] in "aeiouyåäö" and s[0] in "aeiouyåäö")):
            break
    else:
        p = p[:-1]
    return p + s


def _name_nordic(rng, country):
    pre = SE_PRE
    if country == "SE":
        suf, sector, sur, place = SE_SUF, SE_SECTOR, SE_SUR, SE_PLACE
    elif country == "NO":
        suf, sector, sur, place = NO_SUF, NO_SECTOR, NO_SUR, NO_PLACE
    elif country == "FI":
        suf, sector, sur, place = FI_SUF, FI_SECTOR, FI_SUR, FI_PLACE
    else:
        suf, sector, sur, place = DK_SUF, DK_SECTOR, DK_SUR, DK_PLACE
    pat = wchoice(rng, [("coined", 35), ("surname", 25), ("place", 13), ("english", 17), ("acronym", 10)])
    if pat == "coined":
        c = _coined(rng, pre, suf)
        r = rng.random()
        if r < 0.35:
            return c
        if r < 0.7:
            return f"{c} {rng.choice(['Medical', 'Care', 'Scandinavia', 'Nordic', 'Solutions', 'Systems', 'Healthcare', 'Diagnostics'])}"
        return f"{c} {rng.choice(sector)}"
    if pat == "surname":
        s = rng.choice(sur)
        r = rng.random()
        if r < 0.45:
            gen = s if s.endswith("s") else s + "s"
            return f"{gen} {rng.choice(sector)}" if country == "SE" else f"{s} {rng.choice(sector)}"
        if r < 0.7:
            conn = {"SE": "och", "NO": "og", "FI": "ja", "DK": "og"}[country]
            t = rng.choice(sur)
            return f"{s} {'&' if rng.random() < 0.6 else conn} {t}"
        if r < 0.85 and country in ("SE", "NO", "DK"):
            bro = {"SE": "Bröderna", "NO": "Brødrene", "DK": "Brødrene"}[country]
            return f"{bro} {s}"
        return f"{s} {rng.choice(sector)}"
    if pat == "place":
        return f"{rng.choice(place)} {rng.choice(sector)}"
    if pat == "english":
        return f"{rng.choice(EN_ADJ)} {rng.choice(EN_NOUN)} {rng.choice(EN_TAIL)}"
    acr = "".join(rng.choice("ABDEFGHKLMNPRSTV") for _ in range(rng.choice([2, 3, 3, 4])))
    return f"{acr} {rng.choice(sector)}"


def _name_de(rng):
    pat = wchoice(rng, [("sur", 40), ("first", 15), ("coined", 20), ("place", 10), ("pair", 15)])
    sec = rng.choice(DE_SECTOR)
    if pat == "sur":
        return f"{rng.choice(DE_SUR)} {sec}"
    if pat == "first":
        return f"{rng.choice(DE_FIRST)} {rng.choice(DE_SUR)} {sec}"
    if pat == "coined":
        return f"{_coined(rng, SE_PRE, ['tec', 'med', 'con', 'lab', 'form', 'plus', 'mat', 'ion', 'ex'])} {sec}"
    if pat == "place":
        return f"{rng.choice(DE_PLACE)} {sec}"
    return f"{rng.choice(DE_SUR)} & {rng.choice(DE_SUR)}"


def _name_my(rng):
    return f"{rng.choice(MY_STEM)} {rng.choice(MY_PRODUCT)} {rng.choice(MY_TAIL)}"


def _name_pk(rng):
    pat = wchoice(rng, [("name_prod", 35), ("prefix_prod", 35), ("sons", 15), ("muh", 15)])
    if pat == "name_prod":
        return f"{rng.choice(PK_NAME)} {rng.choice(PK_PRODUCT)} {rng.choice(PK_TAIL)}"
    if pat == "prefix_prod":
        return f"{rng.choice(PK_PREFIX)} {rng.choice(PK_PRODUCT)} {rng.choice(PK_TAIL)}"
    if pat == "sons":
        return f"{rng.choice(PK_NAME)} {rng.choice(['& Sons', 'Brothers', '& Co.'])} {rng.choice(['Surgical', 'Instruments', 'Industries'])}"
    return f"Muhammad {rng.choice(PK_NAME)} & {rng.choice(['Sons', 'Co.', 'Brothers'])}"


def _name_cn(rng, city):
    brand = rng.choice(CN_SYL) + rng.choice(CN_SYL).lower()
    prefix = city
    if city in CN_PROVINCE and rng.random() < 0.45:
        prefix = CN_PROVINCE[city]
    return f"{prefix} {brand} {rng.choice(CN_PRODUCT)}"


def _name_in(rng):
    prod, sector = rng.choice(IN_PRODUCT)
    if rng.random() < 0.6:
        return f"{rng.choice(IN_FIRST)} {prod}", sector
    return f"{rng.choice(IN_SUR)} {prod}", sector


def _name_vn(rng):
    return f"{rng.choice(VN_WORD)} {rng.choice(VN_PRODUCT)}"


class NameIndex:
    """Per-country deletion-neighbourhood index: finds names within one edit."""

    def __init__(self):
        self.idx = {}

    @staticmethod
    def _keys(s):
        k = fold(s)
        out = [k]
        for i in range(len(k)):
            out.append(k[:i] + k[i + 1:])
        return out

    def clash(self, country, s, allow=()):
        for k in self._keys(s):
            for owner in self.idx.get((country, k), ()):
                if owner not in allow:
                    return True
        return False

    def add(self, country, s, owner):
        for k in self._keys(s):
            lst = self.idx.setdefault((country, k), [])
            if owner not in lst:
                lst.append(owner)


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------
@dataclass
class Entity:
    key: int
    country: str
    base: str
    form: str
    role: str = "single"        # single | family | parent | subsidiary | twin
    group: int | None = None
    prominence: str = "normal"  # major | normal | minor
    form_prefix: bool = False   # registered as "AB Xyz"
    bilingual: bool = False     # Finnish "Oy Xyz Ab"
    country_word: str = ""      # brand family word inside base ("Sverige")
    protect: list = field(default_factory=list)
    former: str | None = None
    sector: str = "other"
    ids: dict = field(default_factory=dict)
    visit: Address | None = None
    box: Address | None = None
    city_row: tuple | None = None


class World:
    def __init__(self, rng):
        self.rng = rng
        self.names = NameIndex()
        self.used_ids = {}
        self.entities = []

    def uniq(self, scheme, gen):
        used = self.used_ids.setdefault(scheme, {})
        while True:
            v = gen()
            k = v.replace("-", "").replace(" ", "")
            if k not in used:
                used[k] = True
                return v

    def new_base(self, country, gen, allow=()):
        for _ in range(400):
            b = gen()
            if isinstance(b, tuple):
                b, extra = b
            else:
                extra = None
            if len(fold(b)) < 4:
                continue
            if not self.names.clash(country, b, allow):
                return (b, extra) if extra is not None else b
        raise RuntimeError("name space exhausted")

    def base_gen(self, country, city=None):
        rng = self.rng
        if country in NORDIC:
            return lambda: _name_nordic(rng, country)
        if country == "DE":
            return lambda: _name_de(rng)
        if country == "MY":
            return lambda: _name_my(rng)
        if country == "PK":
            return lambda: _name_pk(rng)
        if country == "CN":
            return lambda: _name_cn(rng, city)
        if country == "IN":
            return lambda: _name_in(rng)
        return lambda: _name_vn(rng)

    def assign_ids(self, e):
        rng, c = self.rng, e.country
        city = e.visit.city
        if c == "SE":
            series = "969" if e.form == "HB" else ("556" if e.form == "AB (publ)" or rng.random() < 0.7 else "559")
            e.ids["NAT"] = self.uniq("SE", lambda: _gen_se_orgnr(rng, series))
        elif c == "NO":
            e.ids["NAT"] = self.uniq("NO", lambda: _gen_no_orgnr(rng))
        elif c == "FI":
            e.ids["NAT"] = self.uniq("FI", lambda: _gen_fi_ytunnus(rng))
        elif c == "DK":
            e.ids["NAT"] = self.uniq("DK", lambda: _gen_dk_cvr(rng))
        elif c == "DE":
            e.ids["DEVAT"] = self.uniq("DEVAT", lambda: _gen_de_vat(rng))
            if rng.random() < 0.95:
                e.ids["DE-CR"] = self.uniq("DECR", lambda: _gen_de_cr(rng, city, e.form))
        elif c == "MY":
            used = self.used_ids.setdefault("SSM", {})
            while True:
                new, old = _gen_ssm(rng)
                if new not in used and (old is None or old not in used):
                    break
            used[new] = True
            e.ids["SSM_NEW"] = new
            if old:
                used[old] = True
                e.ids["SSM_OLD"] = old
        elif c == "CN":
            e.ids["CN-SAIC"] = self.uniq("USCC", lambda: _gen_uscc(rng, city))
        elif c == "IN" and e.form:
            e.ids["IN-MCA"] = self.uniq("CIN", lambda: _gen_cin(rng, city, e.form == "Ltd", e.sector))
        big = e.prominence == "major" or e.form in ("AB (publ)", "ASA", "Oyj", "AG", "Berhad") or e.role == "parent"
        p_duns = {"SE": .35, "NO": .35, "FI": .35, "DK": .35, "DE": .6, "MY": .7, "PK": .45,
                  "CN": .55, "IN": .55, "VN": .4}[c]
        if rng.random() < (0.9 if big else p_duns):
            e.ids["DUNS"] = self.uniq("DUNS", lambda: _gen_duns(rng))
            if rng.random() < 0.04:
                e.ids["DUNS2"] = self.uniq("DUNS", lambda: _gen_duns(rng))
        p_gln = {"SE": .5, "NO": .45, "FI": .4, "DK": .4, "DE": .35}.get(c, .1)
        if rng.random() < p_gln:
            e.ids["GLN"] = self.uniq("GLN", lambda: _gen_gln(rng, c))
        p_lei = 0.8 if big else {"SE": .15, "NO": .15, "FI": .15, "DK": .15, "DE": .3}.get(c, .05)
        if rng.random() < p_lei:
            e.ids["XI-LEI"] = self.uniq("LEI", lambda: _gen_lei(rng))

    def add_entity(self, e, names_to_register, allow=()):
        for n in names_to_register:
            self.names.add(e.country, n, e.key)
        self.entities.append(e)


def _pick_form(rng, country):
    return wchoice(rng, LEGAL_FORMS[country])


def _prominence_for(rng, country):
    if country in ASIAN:
        if country == "MY":
            return wchoice(rng, [("major", 10), ("normal", 70), ("minor", 20)])
        return wchoice(rng, [("normal", 40), ("minor", 60)])
    return wchoice(rng, [("major", 10), ("normal", 90)])


def _build_world(n, rng):
    w = World(rng)
    keyc = [0]

    def nk():
        keyc[0] += 1
        return keyc[0]

    n_family_target = int(round(n * 0.075)) if n >= 40 else 0
    n_parent_pairs = int(round(n * 0.022)) if n >= 40 else 0
    n_twin_pairs = int(round(n * 0.015)) if n >= 40 else 0
    gid = [0]

    # --- brand families -------------------------------------------------
    fam_entities = 0
    while fam_entities < n_family_target and len(w.entities) + 2 <= n:
        size = wchoice(rng, [(2, 25), (3, 30), (4, 35), (5, 10)])
        size = min(size, n_family_target - fam_entities) if n_family_target - fam_entities >= 2 else 2
        if size == 2:
            countries = ["SE", wchoice(rng, [("NO", 4), ("FI", 3), ("DK", 3)])]
        elif size == 3:
            countries = ["SE", "NO", wchoice(rng, [("FI", 5), ("DK", 5)])]
        elif size == 4:
            countries = ["SE", "NO", "FI", "DK"]
        else:
            countries = ["SE", "NO", "FI", "DK", "DE"]
        style = wchoice(rng, [("country", 60), ("plain", 30), ("nordic", 10)])
        gid[0] += 1
        g = gid[0]
        # brand stem must be free in every member country
        def brand_gen():
            c = _coined(rng, SE_PRE, SE_SUF + ["ia", "ion", "ica", "era"])
            if rng.random() < 0.35:
                c += " " + rng.choice(["Medical", "Healthcare", "Diagnostics", "Care", "Surgical"])
            return c
        for _ in range(400):
            brand = brand_gen()
            if all(not w.names.clash(c, brand) for c in countries):
                break
        for c in countries:
            if c == "SE":
                form = "AB"
            elif c == "NO":
                form = "AS"
            elif c == "FI":
                form = "Oy"
            elif c == "DK":
                form = wchoice(rng, [("A/S", 70), ("ApS", 30)])
            else:
                form = "GmbH"
            cw = ""
            if style == "country" or (style == "nordic" and c != "SE"):
                cw = rng.choice(COUNTRY_WORD[c]) if c != "DE" or rng.random() < 0.5 else ""
            if style == "nordic" and c == "SE":
                cw = "Nordic"
            base = f"{brand} {cw}".strip()
            e = Entity(nk(), c, base, form, role="family", group=g, country_word=cw,
                       prominence=wchoice(rng, [("major", 60), ("normal", 40)]))
            e.visit, e.box, e.city_row = _make_addresses(c, rng)
            w.assign_ids(e)
            w.add_entity(e, [base, brand])
            fam_entities += 1

    # --- parent / subsidiary pairs -------------------------------------
    parent_countries = [("SE", 40), ("NO", 12), ("FI", 12), ("DK", 8), ("DE", 12), ("MY", 8),
                        ("CN", 5), ("IN", 3)]
    for _ in range(n_parent_pairs):
        if len(w.entities) + 2 > n:
            break
        c = wchoice(rng, parent_countries)
        gid[0] += 1
        g = gid[0]
        visit, box, row = _make_addresses(c, rng)
        gen = w.base_gen(c, row[0])
        x = w.new_base(c, gen)
        sector = "other"
        if isinstance(x, tuple):
            x, sector = x
        if c == "CN" and x.split()[0] in (row[0], CN_PROVINCE.get(row[0])):
            pass
        kind = "holding"
        r = rng.random()
        if c == "SE":
            if r < 0.60:
                pb, pf, sb, sf, prot = f"{x} Holding", wchoice(rng, [("AB (publ)", 60), ("AB", 40)]), x, "AB", ["Holding"]
            elif r < 0.85:
                kind = "country"
                pb, pf, sb, sf, prot = x, "AB (publ)", f"{x} Sverige", "AB", ["Sverige"]
            else:
                kind = "group"
                pb, pf, sb, sf, prot = f"{x} Group", "AB (publ)", x, "AB", ["Group"]
        elif c == "NO":
            if r < 0.7:
                pb, pf, sb, sf, prot = f"{x} Holding", wchoice(rng, [("ASA", 50), ("AS", 50)]), x, "AS", ["Holding"]
            else:
                kind = "country"
                pb, pf, sb, sf, prot = x, "ASA", f"{x} Norge", "AS", ["Norge"]
        elif c == "FI":
            if r < 0.55:
                pb, pf, sb, sf, prot = f"{x} Holding", wchoice(rng, [("Oyj", 50), ("Oy", 50)]), x, "Oy", ["Holding"]
            elif r < 0.8:
                kind = "group"
                pb, pf, sb, sf, prot = f"{x} Group", "Oyj", x, "Oy", ["Group"]
            else:
                kind = "country"
                pb, pf, sb, sf, prot = x, "Oyj", f"{x} Finland", "Oy", ["Finland"]
        elif c == "DK":
            if r < 0.5:
                pb, pf, sb, sf, prot = f"{x} Holding", "A/S", x, "ApS", ["Holding"]
            else:
                pb, pf, sb, sf, prot = f"{x} Holding", "ApS", x, "A/S", ["Holding"]
        elif c == "DE":
            if r < 0.5:
                kind = "kg"
                pb, pf, sb, sf, prot = f"{x} Verwaltungs", "GmbH", x, "GmbH & Co. KG", ["Verwaltungs"]
            else:
                pb, pf, sb, sf, prot = f"{x} Holding", "AG", x, "GmbH", ["Holding"]
        elif c == "MY":
            if r < 0.6:
                pb, pf, sb, sf, prot = f"{x} Holdings", "Berhad", x, "Sdn Bhd", ["Holdings"]
            else:
                kind = "country"
                pb, pf, sb, sf, prot = x, "Berhad", f"{x} (M)", "Sdn Bhd", ["(M)"]
        elif c == "CN":
            kind = "group"
            pb, pf, sb, sf, prot = f"{x} Group", "Co., Ltd.", x, "Co., Ltd.", ["Group"]
        else:  # IN
            pb, pf, sb, sf, prot = f"{x} Holdings", "Ltd", x, "Pvt Ltd", ["Holdings"]
        par = Entity(nk(), c, pb, pf, role="parent", group=g, protect=list(prot), sector=sector,
                     prominence=wchoice(rng, [("major", 25), ("normal", 75)]))
        sub = Entity(nk(), c, sb, sf, role="subsidiary", group=g, protect=list(prot), sector=sector,
                     prominence=wchoice(rng, [("major", 45), ("normal", 55)]))
        if kind == "country":
            sub.country_word = prot[0]
        for e in (par, sub):
            e.visit, e.city_row = visit, row
            e.box = box if (box and rng.random() < 0.6) else None
            w.assign_ids(e)
        w.add_entity(par, [pb], allow=(sub.key,))
        w.add_entity(sub, [sb], allow=(par.key,))

    # --- one-letter twins ----------------------------------------------
    twin_countries = [("SE", 40), ("NO", 10), ("FI", 8), ("DK", 7), ("DE", 10), ("PK", 10),
                      ("CN", 10), ("MY", 5)]
    for _ in range(n_twin_pairs):
        if len(w.entities) + 2 > n:
            break
        c = wchoice(rng, twin_countries)
        va, boxa, rowa = _make_addresses(c, rng)
        for _try in range(400):
            tw = _twin_names(rng, c, rowa[0])
            if not tw:
                continue
            a, b, sector = tw
            if (fold(a) != fold(b) and len(fold(a)) >= 4 and not w.names.clash(c, a)
                    and not w.names.clash(c, b)):
                break
        else:
            continue
        gid[0] += 1
        g = gid[0]
        form_a = _pick_form(rng, c)
        form_b = form_a if rng.random() < 0.7 else _pick_form(rng, c)
        if c == "PK" and form_a == "":
            form_b = ""
        if rng.random() < 0.6 and c != "CN":  # Chinese names carry the city: keep it
            others = [r for r in CITIES[c] if r[0] != rowa[0]]
            rowb = wchoice(rng, [(r, r[3]) for r in others]) if others else rowa
        else:
            rowb = rowa
        for _t in range(60):
            if _t >= 30:  # single-postcode town: move the second firm elsewhere
                rowb = wchoice(rng, [(r, r[3]) for r in CITIES[c] if r[0] != rowa[0]])
            vb, boxb, rowb = _make_addresses(c, rng, rowb)
            if vb.postal.lstrip("0") != va.postal.lstrip("0") and vb.street != va.street:
                break
        ea = Entity(nk(), c, a, form_a, role="twin", group=g, sector=sector,
                    prominence=wchoice(rng, [("normal", 85), ("major", 15)]))
        eb = Entity(nk(), c, b, form_b, role="twin", group=g, sector=sector,
                    prominence=wchoice(rng, [("normal", 85), ("major", 15)]))
        ea.visit, ea.box, ea.city_row = va, None, rowa
        eb.visit, eb.box, eb.city_row = vb, None, rowb
        for e in (ea, eb):
            w.assign_ids(e)
        w.add_entity(ea, [a], allow=(eb.key,))
        w.add_entity(eb, [b], allow=(ea.key,))

    # --- ordinary suppliers ---------------------------------------------
    # steer the remaining country draw so that the overall mix follows COUNTRY_MIX
    have = {}
    for e in w.entities:
        have[e.country] = have.get(e.country, 0) + 1
    remaining = n - len(w.entities)
    deficit = {c: max(0.0, wt / 100.0 * n - have.get(c, 0)) for c, wt in COUNTRY_MIX}
    tot = sum(deficit.values()) or 1.0
    quota = {c: int(deficit[c] / tot * remaining) for c in deficit}
    short = remaining - sum(quota.values())
    for c in sorted(deficit, key=lambda c: -(deficit[c] / tot * remaining - quota[c]))[:short]:
        quota[c] += 1
    plan = [c for c, _ in COUNTRY_MIX for _ in range(quota[c])]
    rng.shuffle(plan)
    for c in plan:
        visit, box, row = _make_addresses(c, rng)
        x = w.new_base(c, w.base_gen(c, row[0]))
        sector = "other"
        if isinstance(x, tuple):
            x, sector = x
        form = _pick_form(rng, c)
        e = Entity(nk(), c, x, form, sector=sector, prominence=_prominence_for(rng, c))
        e.visit, e.box, e.city_row = visit, box, row
        if c == "SE" and form == "AB" and rng.random() < 0.05:
            e.form_prefix = True
        if c == "FI" and form == "Oy" and rng.random() < 0.12:
            e.bilingual = True
        names = [x]
        if c in NORDIC + ("DE",) and rng.random() < 0.025:
            fm = w.new_base(c, w.base_gen(c, row[0]))
            if isinstance(fm, tuple):
                fm = fm[0]
            e.former = fm
            names.append(fm)
        w.assign_ids(e)
        w.add_entity(e, names)
    return w


TWIN_SURNAMES = {
    "SE": [("Karlsson", "Carlsson"), ("Eriksson", "Ericsson"), ("Andersson", "Anderson"),
           ("Persson", "Pehrsson"), ("Lundqvist", "Lundkvist"), ("Bergqvist", "Bergkvist"),
           ("Olsson", "Olson"), ("Jakobsson", "Jacobsson"), ("Holmqvist", "Holmkvist")],
    "NO": [("Pedersen", "Petersen"), ("Nilsen", "Nielsen"), ("Karlsen", "Carlsen"),
           ("Hansen", "Hanssen"), ("Jensen", "Jenssen"), ("Olsen", "Olesen"),
           ("Jakobsen", "Jacobsen"), ("Johnsen", "Jonsen")],
    "DK": [("Pedersen", "Petersen"), ("Nielsen", "Nilsen"), ("Carlsen", "Karlsen"),
           ("Hansen", "Hanssen"), ("Olsen", "Olesen"), ("Jakobsen", "Jacobsen"),
           ("Madsen", "Matsen")],
    "DE": [("Meyer", "Meier"), ("Maier", "Mayer"), ("Schmidt", "Schmitt"), ("Hofmann", "Hoffmann"),
           ("Schäfer", "Schäffer"), ("Lang", "Lange"), ("Kraus", "Krause"), ("Wolf", "Wolff"),
           ("Vogt", "Voigt"), ("Becker", "Bekker")],
}
CN_TWIN_SYL = [("Xin", "Xing"), ("Jin", "Jing"), ("Hua", "Hui"), ("Heng", "Hong"), ("Ming", "Ping"),
               ("Yi", "Yu"), ("Li", "Lin"), ("Kang", "Kong"), ("Tai", "Tao"), ("Da", "De"),
               ("Long", "Rong"), ("Sheng", "Shen"), ("Mei", "Wei"), ("Feng", "Fang"), ("An", "Han")]
MY_TWIN_STEM = [("Hup Seng", "Hup Sang"), ("Kim Hin", "Kim Hing"), ("Sin Heng", "Sin Hong"),
                ("Lee Kee", "Lee Kie"), ("Soon Lee", "Soon Lei"), ("Seng Fong", "Seng Fung"),
                ("Ban Hin", "Ban Hing"), ("Eng Hong", "Eng Hung"), ("Tiong Nam", "Tiong Lam")]
PK_TWIN_PREFIX = [("Al-Noor", "Al-Nour"), ("Star", "Stars"), ("Hira", "Hera"), ("Ravi", "Rafi"),
                  ("Shan", "Shah"), ("Faran", "Farhan"), ("Eagle", "Eagles"), ("Fine", "Fino"),
                  ("Medi-Pak", "Medi-Park"), ("Surgi", "Surgo"), ("Ever", "Evar")]
VOWELS = "aeiouy"


def _coined_twin(rng, word):
    """Plausible one-letter sibling of a coined brand word (vowel swap, c/k, double consonant)."""
    opts = []
    for i in range(1, len(word)):
        ch = word[i]
        if ch in VOWELS:
            for v in "aeio":
                if v != ch:
                    opts.append(word[:i] + v + word[i + 1:])
        if ch == "c":
            opts.append(word[:i] + "k" + word[i + 1:])
        if ch == "k":
            opts.append(word[:i] + "c" + word[i + 1:])
        if ch in "lmnt" and i + 1 < len(word) and word[i + 1] in VOWELS and word[i - 1] in VOWELS:
            opts.append(word[:i] + ch + word[i:])
    return rng.choice(opts) if opts else None


def _twin_names(rng, country, city):
    """(name_a, name_b, sector): two unrelated firms' names one letter apart."""
    sector = "other"
    if country in TWIN_SURNAMES and rng.random() < 0.45:
        a_s, b_s = rng.choice(TWIN_SURNAMES[country])
        if rng.random() < 0.5:
            a_s, b_s = b_s, a_s
        if country == "DE":
            tail = rng.choice(DE_SECTOR)
        else:
            tail = rng.choice({"SE": SE_SECTOR, "NO": NO_SECTOR, "DK": DK_SECTOR}[country])
        return f"{a_s} {tail}", f"{b_s} {tail}", sector
    if country == "CN":
        s1, s2 = rng.choice(CN_TWIN_SYL)
        other = rng.choice(CN_SYL).lower()
        first = rng.random() < 0.5
        a_b = (s1 + other) if first else (rng.choice(CN_SYL) + s1.lower())
        b_b = (s2 + other) if first else (a_b[: len(a_b) - len(s1)] + s2.lower())
        prefix = CN_PROVINCE.get(city, city) if rng.random() < 0.45 else city
        prod = rng.choice(CN_PRODUCT)
        return f"{prefix} {a_b} {prod}", f"{prefix} {b_b} {prod}", sector
    if country == "MY":
        s1, s2 = rng.choice(MY_TWIN_STEM)
        tail = f"{rng.choice(MY_PRODUCT)} {rng.choice(MY_TAIL)}"
        return f"{s1} {tail}", f"{s2} {tail}", sector
    if country == "PK":
        s1, s2 = rng.choice(PK_TWIN_PREFIX)
        tail = f"{rng.choice(PK_PRODUCT)} {rng.choice(PK_TAIL)}"
        return f"{s1} {tail}", f"{s2} {tail}", sector
    # coined brand (Nordic, DE, fallback)
    word = _coined(rng, SE_PRE, SE_SUF)
    other = _coined_twin(rng, word)
    if not other:
        return None
    if country == "DE":
        tail = " " + rng.choice(DE_SECTOR)
    elif rng.random() < 0.6:
        tail = " " + rng.choice(["Medical", "Care", "Scandinavia", "Nordic", "Solutions", "Systems",
                                 "Healthcare", "Diagnostics", "Produkter", "Teknik", "Instrument"])
    else:
        tail = ""
    return word + tail, other + tail, sector


# ---------------------------------------------------------------------------
# Rendering one record
# ---------------------------------------------------------------------------
KEY_NEIGH = {c: n for c, n in zip(
    "qwertyuiopasdfghjklzxcvbnm",
    ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl", "ol", "qsz", "awdx", "sefc",
     "drgv", "fthb", "gyjn", "hukm", "jilm", "kop", "asx", "zsdc", "xdfv", "cfgb", "vghn",
     "bhjm", "njk"])}


def _typo(rng, s):
    pos = [i for i, ch in enumerate(s) if ch.isalpha()]
    if len(pos) < 4:
        return s
    i = rng.choice(pos[1:])
    op = wchoice(rng, [("sub", 35), ("del", 30), ("ins", 20), ("swap", 15)])
    ch = s[i]
    if op == "sub":
        nb = KEY_NEIGH.get(ch.lower())
        if not nb:
            return s[:i] + s[i + 1:]
        r = rng.choice(nb)
        r = r.upper() if ch.isupper() else r
        return s[:i] + r + s[i + 1:]
    if op == "del":
        return s[:i] + s[i + 1:]
    if op == "ins":
        return s[:i] + ch + s[i:]
    if i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + ch + s[i + 2:]
    return s[:i] + s[i + 1:]


def strip_diacritics(s):
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")
    s = s.replace("ß", "ss").replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(ch for ch in s if not unicodedata.combining(ch)))


def translit_diacritics(s):
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"),
                 ("ø", "oe"), ("Ø", "Oe"), ("å", "aa"), ("Å", "Aa"), ("æ", "ae"), ("Æ", "Ae"),
                 ("ß", "ss")):
        s = s.replace(a, b)
    return strip_diacritics(s)


HOME_LETTERS = {"NO": "æøåÆØÅ", "FI": "äöåÄÖÅ", "SE": "åäöÅÄÖ"}
SWAP = {"NO": {"ö": "ø", "Ö": "Ø", "ä": "æ", "Ä": "Æ"},
        "SE": {"ø": "ö", "Ø": "Ö", "æ": "ä", "Æ": "Ä"},
        "FI": {"ø": "ö", "Ø": "Ö", "æ": "ä", "Æ": "Ä"}}


def _diacritics(rng, s, home, prof, flags, mode=None):
    """Apply the partner's character handling; returns (text, mode) so name and address agree."""
    if mode is None:
        r = rng.random()
        if r < prof["strip"]:
            mode = "translit" if rng.random() < 0.2 else "strip"
        elif r < prof["strip"] + prof["swap"] or (home == "SE" and rng.random() < 0.10):
            mode = "swap"
        else:
            mode = "keep"
    if mode == "strip" and home in ("NO", "FI"):
        keep = HOME_LETTERS[home]
        out = "".join(ch if ch in keep else strip_diacritics(ch) for ch in s)
    elif mode == "strip":
        out = strip_diacritics(s)
    elif mode == "translit":
        out = translit_diacritics(s)
    elif mode == "swap":
        out = "".join(SWAP[home].get(ch, ch) for ch in s)
    else:
        out = s
    if out != s:
        flags.add("diacritics_changed")
    return out, mode


def _render_form(rng, e, prof, flags, country_of_form=None):
    c = country_of_form or e.country
    if not e.form:
        return ""
    variants = FORM_VARIANTS[(c, e.form)]
    if rng.random() < prof["form_long"]:
        longs = [v for v in variants if v[0] in LONG_FORMS]
        if longs:
            flags.add("form_variant")
            return wchoice(rng, longs)
    v = wchoice(rng, variants)
    if v != variants[0][0]:
        flags.add("form_variant")
    return v


def render_name(rng, e, partner, prof, flags, use_former=False, is_dup=False):
    home = PARTNER_HOME[partner]
    protected = set(e.protect)
    base = e.former if use_former else e.base
    if use_former:
        flags.add("former_name")
    words = base.split(" ")
    # trade name use: drop the country word (brand families only), or legal form
    trade = False
    if e.role == "family" and e.country_word and rng.random() < 0.15:
        words = [x for x in words if x != e.country_word]
        trade = True
        flags.add("country_word_dropped")
    elif rng.random() < 0.06:
        trade = True
    if trade:
        flags.add("trade_name")
    # Chinese location prefix dropped
    if e.country == "CN" and len(words) > 2 and rng.random() < 0.15 and "Group" not in words[:2]:
        words = words[1:]
        flags.add("cn_prefix_dropped")
    # run-together pinyin brand split ("Kanghua" -> "Kang Hua")
    if e.country == "CN" and rng.random() < 0.08:
        for i, wd in enumerate(words):
            for syl in CN_SYL:
                if wd.startswith(syl) and len(wd) > len(syl) and wd[len(syl):].capitalize() in CN_SYL:
                    words[i] = syl + " " + wd[len(syl):].capitalize()
                    flags.add("spacing_variant")
                    break
            else:
                continue
            break
    # transliteration variants (PK/IN)
    if e.country in ("PK", "IN") and rng.random() < 0.3:
        for i, wd in enumerate(words):
            if wd in TRANSLIT and rng.random() < 0.8:
                words[i] = rng.choice(TRANSLIT[wd])
                flags.add("transliteration")
    # abbreviations
    if rng.random() < prof["abbrev"]:
        text = " ".join(words)
        if "Import & Export" in text and rng.random() < 0.7:
            text = text.replace("Import & Export", rng.choice(ABBREV["Import & Export"]))
            flags.add("abbreviated")
        words = text.split(" ")
        for i, wd in enumerate(words):
            if wd in ABBREV and wd not in protected and rng.random() < 0.7:
                words[i] = rng.choice(ABBREV[wd])
                flags.add("abbreviated")
    for i, wd in enumerate(words):
        if wd in CONNECTOR and rng.random() < 0.35:
            rep = CONNECTOR[wd]
            if rep is None:
                rep = {"SE": "och", "NO": "og", "FI": "ja", "DK": "og", "DE": "und"}.get(e.country, "and")
            words[i] = rep
            flags.add("connector_variant")
    if rng.random() < 0.04:
        txt = " ".join(words)
        if "-" in txt:
            words = txt.replace("-", rng.choice([" ", ""])).split(" ")
            flags.add("spacing_variant")
        elif "Health Care" in txt:
            words = txt.replace("Health Care", "Healthcare").split(" ")
            flags.add("spacing_variant")
    core = " ".join(w_ for w_ in words if w_)
    # legal form
    form_txt = ""
    omit = trade or rng.random() < prof["form_omit"]
    if omit and e.form:
        flags.add("form_omitted")
    if not omit:
        form_txt = _render_form(rng, e, prof, flags)
    if e.bilingual:
        if omit:
            name = core
        elif home == "FI":
            name = wchoice(rng, [(f"Oy {core} Ab", 50), (f"{core} Oy", 40), (f"{core} Oy Ab", 10)])
        else:
            name = wchoice(rng, [(f"Oy {core} Ab", 30), (f"{core} Oy", 45), (f"{core} Ab", 15),
                                 (f"{core} Oy Ab", 10)])
        if name != f"Oy {core} Ab":
            flags.add("form_variant")
    elif form_txt and e.country == "VN" and rng.random() < 0.06:
        pre = "Công ty Cổ phần" if e.form == "JSC" else "Công ty TNHH"
        name = f"{pre} {core}"
        flags.add("form_variant")
    elif form_txt and e.form_prefix:
        r = rng.random()
        if r < 0.55:
            name = f"AB {core}"
        elif r < 0.65:
            name = f"Aktiebolaget {core}"
            flags.add("form_variant")
        else:
            name = f"{core} {form_txt}"
            flags.add("form_variant")
    elif form_txt:
        if e.form == "GmbH" and core.endswith("Verwaltungs") and rng.random() < 0.7:
            name = f"{core}-{form_txt}"
        else:
            sep = ", " if e.country in ("PK", "IN", "CN", "VN", "MY") and rng.random() < 0.1 else " "
            name = f"{core}{sep}{form_txt}"
    else:
        name = core
    # department suffix / inactive marker
    lang = {"NO": "NO", "FI": "FI"}.get(home, "SE")
    if rng.random() < 0.015:
        name += rng.choice(DEPT[lang])
        flags.add("department_suffix")
    if is_dup and rng.random() < 0.35:
        mark = rng.choice(INACTIVE[lang])
        name = mark + name if mark.endswith(" ") else name + mark
        flags.add("inactive_marker")
    # typos
    if rng.random() < prof["typo"]:
        name = _typo(rng, name)
        flags.add("typo")
        if rng.random() < 0.2:
            name = _typo(rng, name)
            flags.add("typo2")
    # characters: Vietnamese names usually arrive without tone marks, German umlauts
    # are sometimes transliterated by the supplier itself
    if e.country == "VN" and rng.random() < 0.5:
        name = strip_diacritics(name)
        flags.add("diacritics_changed")
    elif e.country == "DE" and rng.random() < 0.08:
        t = translit_diacritics(name)
        if t != name:
            name = t
            flags.add("diacritics_changed")
    name, mode = _diacritics(rng, name, home, prof, flags)
    # case
    up = prof["upper"]
    if e.country in ASIAN:
        up = min(1.0, up + 0.20)
    r = rng.random()
    upper = False
    if r < up:
        name = name.upper()
        upper = True
        flags.add("upper_case")
    elif r < up + 0.02:
        name = name.title()
        flags.add("title_case")
    elif r < up + 0.03:
        name = name.lower()
        flags.add("lower_case")
    if rng.random() < 0.012:
        name = name.replace(" ", "  ", 1)
        flags.add("double_space")
    # field length limit
    lim = prof["trunc"]
    if lim and len(name) > lim:
        cut = name[:lim].rstrip()
        if all((p.lower() in cut.lower()) if p.startswith("(") else (fold(p) in fold(cut))
               for p in protected):
            name = cut
            flags.add("truncated")
    if rng.random() < 0.01:
        name += " "
        flags.add("trailing_space")
    return name, mode, upper


STREET_ABBR = [("gatan", "g."), ("vägen", "v."), ("straße", "str."), ("Straße", "Str."),
               ("veien", "vn."), ("gate ", "gt. "), ("Road", "Rd."), ("Jalan", "Jln."),
               ("Street", "St."), ("Industrial Estate", "Ind. Estate"),
               ("Industrial Park", "IP"), ("Kawasan Perindustrian", "Kaw. Perindustrian"),
               ("District", "Dist."), ("Building", "Bldg."), ("Plot No.", "Plot"),
               ("Taman Perindustrian", "Tmn. Perindustrian"), ("Export Processing Zone", "EPZ")]


def _fmt_postal(rng, country, code, home, e_country):
    if country == "SE":
        s = f"{code[:3]} {code[3:]}" if rng.random() < 0.7 else code
        if home != "SE" and rng.random() < 0.2:
            s = "SE-" + s
        return s
    if country == "NO":
        s = code
        if s.startswith("0") and rng.random() < 0.04:
            s = s.lstrip("0")
        if home != "NO" and rng.random() < 0.12:
            s = rng.choice(["N-", "NO-"]) + s
        return s
    if country == "FI":
        return (rng.choice(["FI-", "FIN-"]) + code) if home != "FI" and rng.random() < 0.12 else code
    if country == "DK":
        return ("DK-" + code) if rng.random() < 0.15 else code
    if country == "DE":
        return ("D-" + code) if rng.random() < 0.15 else code
    if country == "IN" and rng.random() < 0.2:
        return f"{code[:3]} {code[3:]}"
    return code


def render_address(rng, e, partner, prof, flags, mode, upper, require=False, use_box=None):
    home = PARTNER_HOME[partner]
    empty = prof["empty"]
    miss = prof["addr_missing"] + (0.08 if e.country in ASIAN else 0.0)
    if not require and rng.random() < miss:
        flags.add("address_missing")
        return empty, empty, empty
    addr = e.visit
    if use_box is None:
        use_box = e.box is not None and rng.random() < prof["box_pref"]
    if use_box and e.box is not None:
        addr = e.box
        flags.add("box_address")
    street = addr.street
    if rng.random() < 0.15:
        for a, b in STREET_ABBR:
            if a in street:
                street = street.replace(a, b, 1)
                flags.add("street_abbreviated")
                break
    if rng.random() < 0.03 and e.country in NORDIC and not addr.is_box:
        street += rng.choice([", 3 tr", ", plan 2", ", Hus B", ", 2. sal"])
    if rng.random() < 0.05:
        street = _typo(rng, street)
        flags.add("street_typo")
    city = addr.city
    aliases = CITY_ALIASES.get(city, [])
    if aliases:
        sv_ok = home == "SE"
        cands = [a for a, who in aliases if who == "any" or (who == "sv" and sv_ok)]
        p = prof["exonym"] if any(who == "sv" for _, who in aliases) and sv_ok else 0.15
        if cands and rng.random() < p:
            city = rng.choice(cands)
            flags.add("city_variant")
    if rng.random() < 0.02:
        city = _typo(rng, city)
        flags.add("city_typo")
    postal = _fmt_postal(rng, e.country, addr.postal, home, e.country)
    street, _ = _diacritics(rng, street, home, prof, flags, mode)
    city, _ = _diacritics(rng, city, home, prof, flags, mode)
    if upper:
        street = street.upper()
        city = city.upper()
    elif home == "SE" and e.country == "SE" and rng.random() < prof["city_upper"]:
        city = city.upper()
    # field-level gaps
    pc_miss = 0.05 + (0.30 if e.country in ("PK", "CN", "VN", "IN") else 0.0)
    if require:
        if rng.random() < 0.10:
            street = empty
            flags.add("street_missing")
        return street, postal, city
    if rng.random() < 0.04:
        street = empty
        flags.add("street_missing")
    if rng.random() < pc_miss:
        postal = empty
        flags.add("postal_missing")
    if rng.random() < 0.02:
        city = empty
        flags.add("city_missing")
    if street and postal and city and rng.random() < 0.02:
        street = f"{street}, {postal} {city}"
        postal, city = empty, empty
        flags.add("address_one_line")
    return street, postal, city


def _fmt_nat(rng, c, num):
    if c == "SE":
        return wchoice(rng, [(f"{num[:6]}-{num[6:]}", 70), (num, 25), (f"{num[:6]} {num[6:]}", 5)])
    if c == "NO":
        return wchoice(rng, [(num, 60), (f"{num[:3]} {num[3:6]} {num[6:]}", 40)])
    if c == "FI":
        return wchoice(rng, [(num, 90), (num.replace("-", ""), 10)])
    return wchoice(rng, [(num, 80), (f"{num[:2]} {num[2:4]} {num[4:6]} {num[6:]}", 20)])


def _fmt_vat(rng, c, num):
    if c == "SE":
        return wchoice(rng, [(f"SE{num}01", 88), (f"SE {num} 01", 7), (f"se{num}01", 5)])
    if c == "NO":
        return wchoice(rng, [(f"NO{num}MVA", 70), (f"NO {num[:3]} {num[3:6]} {num[6:]} MVA", 20),
                             (f"{num}MVA", 10)])
    if c == "FI":
        d = num.replace("-", "")
        return wchoice(rng, [(f"FI{d}", 90), (f"FI {d}", 10)])
    return wchoice(rng, [(f"DK{num}", 85), (f"DK {num[:2]} {num[2:4]} {num[4:6]} {num[6:]}", 15)])


def render_ids(rng, e, partner, prof, flags, force_nat=False, dup=False):
    home = PARTNER_HOME[partner]
    c = e.country
    out = []  # (scheme, value, intended_valid)
    scale = 0.5 if dup else 1.0
    if c in NORDIC:
        p = prof["natid_home"] if c == home else prof["natid_nordic"]
        if force_nat or rng.random() < p * scale:
            vf = prof["vatform_home"] if c == home else prof["vatform_nordic"]
            num = e.ids["NAT"]
            if rng.random() < vf:
                out.append(("VAT", _fmt_vat(rng, c, num)))
                flags.add("natid_as_vat")
            else:
                out.append((NAT_SCHEME[c], _fmt_nat(rng, c, num)))
            if rng.random() < 0.05:
                if out[-1][0] == "VAT":
                    out.append((NAT_SCHEME[c], _fmt_nat(rng, c, num)))
                else:
                    out.append(("VAT", _fmt_vat(rng, c, num)))
    elif c == "DE":
        if force_nat or rng.random() < prof["vat_de"] * scale:
            v = e.ids["DEVAT"]
            out.append(("VAT", v if rng.random() < 0.9 else f"DE {v[2:5]} {v[5:8]} {v[8:]}"))
        if "DE-CR" in e.ids and rng.random() < prof["de_cr"] * scale:
            out.append(("DE-CR", e.ids["DE-CR"]))
    elif c == "MY":
        if rng.random() < prof["local"] * scale:
            new, old = e.ids["SSM_NEW"], e.ids.get("SSM_OLD")
            if old:
                form = wchoice(rng, [("both", 40), ("new", 50), ("old", 10)])
            else:
                form = "new"
            val = {"both": f"{new} ({old})", "new": new, "old": old}[form]
            out.append(("MY-SSM", val))
            flags.add(f"ssm_{form}")
    elif c == "CN":
        if rng.random() < prof["local"] * 0.8 * scale:
            out.append(("CN-SAIC", e.ids["CN-SAIC"]))
    elif c == "IN" and "IN-MCA" in e.ids:
        if rng.random() < prof["local"] * 0.5 * scale:
            out.append(("IN-MCA", e.ids["IN-MCA"]))
    if "DUNS" in e.ids:
        p = 0.04 if c in NORDIC else prof["duns"] * (0.6 if c == "DE" else 1.0)
        if e.country == "MY" and partner in GLOVE_AUDITORS:
            p = min(0.9, p + 0.15)
        if rng.random() < p * scale:
            d = e.ids["DUNS"]
            if "DUNS2" in e.ids and rng.random() < 0.4:
                d = e.ids["DUNS2"]
                flags.add("second_site_duns")
            out.append(("DUNS", d if rng.random() < 0.7 else f"{d[:2]}-{d[2:5]}-{d[5:]}"))
    if "GLN" in e.ids:
        p = prof["gln"] * (0.5 if c in ASIAN else 1.0)
        if rng.random() < p * scale:
            out.append(("GLN", e.ids["GLN"]))
    if "XI-LEI" in e.ids and rng.random() < prof["lei"] * scale:
        out.append(("XI-LEI", e.ids["XI-LEI"]))
    # mistyped identifiers
    final = []
    for scheme, val in out:
        valid = True
        if scheme in CHECKED_SCHEMES and scheme != "DE-CR" and rng.random() < 0.03:
            val = _corrupt(rng, scheme, val)
            valid = False
            flags.add("invalid_checkdigit_id")
        elif scheme == "DUNS" and rng.random() < 0.01:
            val = _corrupt(rng, scheme, val)
            valid = False
            flags.add("mistyped_duns")
        final.append((scheme, val, valid))
    rng.shuffle(final)
    return final


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------
def _k_for(rng, e):
    if e.prominence == "major":
        k = wchoice(rng, [(3, 10), (4, 14), (5, 16), (6, 16), (7, 14), (8, 10), (9, 6)])
    elif e.prominence == "minor":
        k = wchoice(rng, [(1, 60), (2, 30), (3, 10)])
    else:
        k = wchoice(rng, [(1, 40), (2, 27), (3, 16), (4, 9), (5, 5), (6, 3)])
    if e.role == "parent":
        k = max(1, k - 1)
    if e.role in ("parent", "subsidiary", "twin", "family") and k < 1:
        k = 1
    return k


def _generate(n_entities, seed):
    rng = random.Random(seed)
    world = _build_world(n_entities, rng)
    ents = list(world.entities)
    rng.shuffle(ents)
    truth_of = {}
    for i, e in enumerate(ents):
        truth_of[e.key] = f"LE-{i + 1:05d}"
    used_rid = {p: {} for p in PROFILES}
    records, meta = [], []
    for e in ents:
        k = _k_for(rng, e)
        partners = _weighted_sample(rng, _partner_weights(e.country, e.prominence), k)
        # twins must both appear somewhere; hard-case members at least once
        for partner in partners:
            prof = PROFILES[partner]
            copies = 2 if rng.random() < prof["dup"] else 1
            for ci in range(copies):
                is_dup = ci == 1
                flags = set()
                use_former = bool(e.former) and rng.random() < (0.6 if is_dup else 0.35)
                ids = render_ids(rng, e, partner, prof, flags, force_nat=use_former, dup=is_dup)
                if use_former and not any(valid and s in ("SE-ON", "NO-BRC", "FI-PRO", "DK-CVR", "VAT")
                                          for s, _, valid in ids):
                    use_former = False
                name, mode, upper = render_name(rng, e, partner, prof, flags, use_former, is_dup)
                use_box = None
                if is_dup and e.box is not None:
                    use_box = rng.random() < 0.6
                street, postal, city = render_address(rng, e, partner, prof, flags, mode, upper,
                                                      require=(e.role == "twin"), use_box=use_box)
                if is_dup:
                    flags.add("intra_partner_duplicate")
                while True:
                    rid = _record_id(partner, rng)
                    if rid not in used_rid[partner]:
                        used_rid[partner][rid] = True
                        break
                if not ids:
                    flags.add("no_identifier")
                rec = {
                    "record_id": rid,
                    "partner": partner,
                    "name": name,
                    "country": e.country,
                    "identifiers": [{"scheme": s, "id": v} for s, v, _ in ids],
                    "address": street,
                    "postal_code": postal,
                    "city": city,
                    "truth": truth_of[e.key],
                }
                records.append(rec)
                meta.append({"entity_key": e.key, "role": e.role, "group": e.group,
                             "flags": sorted(flags),
                             "ids": [(s, v, ok) for s, v, ok in ids]})
    order = list(range(len(records)))
    rng.shuffle(order)
    records = [records[i] for i in order]
    meta = [meta[i] for i in order]
    return records, meta, world


def generate(n_entities: int, seed: int) -> list[dict]:
    """Deterministic benchmark records for ``n_entities`` legal entities."""
    return _generate(n_entities, seed)[0]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    out = sys.stdout
    for r in generate(n, seed):
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
