"""Generate a labelled, multi-partner supplier data set for entity-resolution tests.

Deterministic (seeded): ``python tests/data/make_labelled_suppliers.py [N_ENTITIES] [SEED]``
writes ``tests/data/labelled_suppliers.jsonl``; tests call ``generate()``.

Each line is a partner's record ``{record_id, partner, name, country,
identifiers, address, postal_code, city, truth}``; ``truth`` is the legal
entity. The hard cases the resolver must get right are all in here:

* one brand as separate legal entities in SE, NO, FI, DK (and DE);
* parent and subsidiary at one address ("X AB" / "X Holding AB",
  "X GmbH" / "X GmbH & Co. KG", "X Sverige AB");
* unrelated firms whose names differ by one letter, in one country, with
  different addresses and identifiers;
* many look-alike names in one town (Sialkot surgical instrument makers);
* identifiers in national and VAT form, spaced or hyphenated, missing, or
  with a wrong check digit; check digits come from python-stdnum;
* typing noise: case, stripped diacritics, typos, abbreviations, legal-form
  variants, address formats ("Jalan"/"Jln", "Storgatan"/"Storg."), missing
  fields, a second site's address.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

from stdnum import luhn
from stdnum.cn import uscc
from stdnum.vn import mst
from stdnum.de import vat as de_vat
from stdnum.dk import cvr
from stdnum.fi import ytunnus
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

OUT = Path(__file__).with_name("labelled_suppliers.jsonl")
SE_REGIONS = ["region-skane", "region-vgr", "region-stockholm", "region-ostergotland",
              "region-kalmar", "region-jonkoping"]
ALL_PARTNERS = SE_REGIONS + ["adda", "sykehusinnkjop", "hus"]
COUNTRY_WEIGHTS = {"SE": 28, "NO": 10, "FI": 10, "DK": 7, "DE": 8, "MY": 10, "PK": 9,
                   "CN": 9, "IN": 5, "VN": 4}

WORDS = {
    "SE": (["Nordic", "Svenska", "Skandinaviska", "Malmö", "Göteborgs", "Öresunds", "Mälardalens",
            "Norrlands", "Västkust", "Linköpings", "Kalmar", "Småländska", "Lunds", "Uppsala"],
           ["Medtech", "Medical", "Vårdprodukter", "Hygien", "Laboratorie", "Diagnostik",
            "Ortopedi", "Kirurgi", "Textil", "Kontorsvaror", "Förbrukning", "Livsmedel",
            "Kaffe", "Sjukvårdsartiklar", "Rehab", "Dental", "Steril", "Optik"],
           ["Instrument", "Service", "Partner", "Produkter", "Teknik", "Systems", "Solutions",
            "Care", "Supply", "Handel", ""]),
    "NO": (["Norsk", "Bergen", "Trondheim", "Fjord", "Nordlys", "Viken", "Oslo", "Tromsø",
            "Stavanger", "Vestland"],
           ["Medisinsk", "Helse", "Utstyr", "Sykehusprodukter", "Laboratorie", "Hygiene",
            "Tekstil", "Kirurgi", "Diagnostikk", "Kontor"],
           ["Service", "Partner", "Produkter", "Teknikk", "Systemer", "Handel", ""]),
    "FI": (["Suomen", "Helsingin", "Tampereen", "Oulun", "Turun", "Pohjolan", "Lapin", "Kuopion"],
           ["Lääketarvike", "Terveys", "Hoito", "Labra", "Sairaala", "Hygienia", "Tekstiili",
            "Diagnostiikka", "Kirurgia"],
           ["Tekniikka", "Palvelu", "Tuote", "Systems", "Partners", ""]),
    "DK": (["Dansk", "København", "Jysk", "Øresund", "Fyns", "Aarhus", "Sjællands"],
           ["Medico", "Sundhed", "Hospitalsudstyr", "Laboratorie", "Hygiejne", "Tekstil", "Kirurgi"],
           ["Service", "Partner", "Produkter", "Teknik", "Handel", ""]),
    "DE": (["Müller", "Schäfer", "Weiß", "Bayerische", "Rheinische", "Schwäbische", "Hanseatische",
            "Köhler", "Förster", "Braun"],
           ["Medizintechnik", "Chirurgie", "Instrumente", "Labortechnik", "Sterilgut",
            "Verbandstoffe", "Textil", "Orthopädie"],
           ["Service", "Vertrieb", "Technik", "Systeme", ""]),
    "MY": (["Harta", "Jaya", "Maju", "Sinar", "Mega", "Intan", "Permai", "Cahaya", "Bumi", "Setia",
            "Kuala", "Perdana"],
           ["Rubber", "Gloves", "Latex", "Medical", "Healthcare", "Polymer", "Plastics"],
           ["Products", "Industries", "Manufacturing", "International", ""]),
    "PK": (["Al-Noor", "Rehman", "Fazal", "Ghani", "Bashir", "Iqbal", "Hamza", "Zafar", "Saeed",
            "Tariq", "Anwar", "Nadeem"],
           ["Surgical", "Medical", "Dental", "Beauty"],
           ["Instruments", "Industries", "Enterprises", "Traders", "Manufacturing"]),
    "CN": (["Shenzhen", "Guangzhou", "Jiangsu", "Zhejiang", "Ningbo", "Xiamen", "Suzhou", "Tianjin"],
           ["Kangda", "Huaxin", "Yuyue", "Jinlong", "Hengrui", "Dayang", "Meilun", "Baite", "Anxin",
            "Ruikang", "Xinhua", "Lianfa"],
           ["Medical Equipment", "Technology", "Textile", "Electronics", "Medical Supplies",
            "Plastic Products", "Healthcare"]),
    "IN": (["Bharat", "Shree", "Ganesh", "Surya", "Lakshmi", "Krishna", "Vardhman", "Apex"],
           ["Medicare", "Healthcare", "Textiles", "Surgicals", "Polymers", "Pharma"],
           ["Exports", "Industries", "Products", ""]),
    "VN": (["Hòa Bình", "Việt Tiến", "Sài Gòn", "Hà Nội", "Phương Đông", "An Phát", "Đông Á",
            "Thành Công"],
           ["Textile", "Garment", "Medical", "Plastic", "Rubber"],
           ["Trading", "Production", "Manufacturing", ""]),
}
LEGAL = {
    "SE": ["AB"], "NO": ["AS"], "FI": ["Oy"], "DK": ["A/S", "ApS"], "DE": ["GmbH", "AG"],
    "MY": ["Sdn Bhd"], "PK": ["(Pvt) Ltd"], "CN": ["Co., Ltd."], "IN": ["Pvt. Ltd."],
    "VN": ["JSC", "Co., Ltd."],
}
LEGAL_VARIANTS = {
    "AB": ["AB", "AB", "AB", "Aktiebolag", "AB (publ)", "ab"],
    "AS": ["AS", "AS", "A/S", "ASA"], "Oy": ["Oy", "Oy", "Oyj", "OY", "Osakeyhtiö"],
    "A/S": ["A/S", "A/S", "AS", "A.S."], "ApS": ["ApS", "ApS", "APS"],
    "GmbH": ["GmbH", "GmbH", "GMBH", "Gmbh"], "AG": ["AG", "AG"],
    "GmbH & Co. KG": ["GmbH & Co. KG", "GmbH & Co KG"],
    "Sdn Bhd": ["Sdn Bhd", "Sdn. Bhd.", "SDN BHD", "Berhad", "Sdn.Bhd", "Sendirian Berhad"],
    "(Pvt) Ltd": ["(Pvt) Ltd", "(Pvt.) Ltd.", "Pvt Ltd", "Private Limited", "(Private) Limited"],
    "Co., Ltd.": ["Co., Ltd.", "Co.,Ltd", "Company Limited", "Co. Ltd", "CO., LTD."],
    "Pvt. Ltd.": ["Pvt. Ltd.", "Pvt Ltd", "Private Limited", "Pvt. Limited"],
    "JSC": ["JSC", "Joint Stock Company", "J.S.C", "Joint Stock Co."],
}
ABBREV = [("Medical", "Med."), ("International", "Intl"), ("Manufacturing", "Mfg."),
          ("Instruments", "Instr."), ("Industries", "Ind."), ("Svenska", "Sv."),
          ("Skandinaviska", "Scandinaviska"), ("Equipment", "Equip."), ("Products", "Prods"),
          ("Technology", "Tech"), ("Surgical", "Surg."), (" and ", " & "), ("Service", "Svc")]
STREETS = {
    "SE": (["Storgatan", "Industrivägen", "Kungsgatan", "Verkstadsgatan", "Hamngatan", "Företagsvägen"],
           lambda r: f"{r.randint(100, 985)} {r.randint(10, 99)}",
           ["Malmö", "Göteborg", "Stockholm", "Linköping", "Kalmar", "Jönköping", "Lund", "Växjö"]),
    "NO": (["Storgata", "Industriveien", "Kongens gate", "Havnegata"], lambda r: f"{r.randint(1, 9989):04d}",
           ["Oslo", "Bergen", "Trondheim", "Tromsø", "Stavanger"]),
    "FI": (["Teollisuuskatu", "Mannerheimintie", "Hämeenkatu", "Satamakatu"],
           lambda r: f"{r.randint(0, 99)}{r.randint(0, 9)}{r.randint(0, 9)}0".zfill(5),
           ["Helsinki", "Tampere", "Oulu", "Turku", "Espoo", "Vantaa"]),
    "DK": (["Industrivej", "Hovedgaden", "Havnevej", "Søndergade"], lambda r: str(r.randint(1000, 9990)),
           ["København", "Aarhus", "Odense", "Aalborg"]),
    "DE": (["Hauptstraße", "Industriestraße", "Gewerbestraße", "Bahnhofstraße"],
           lambda r: str(r.randint(10000, 99999)), ["Tuttlingen", "München", "Hamburg", "Köln"]),
    "MY": (["Jalan Industri", "Jalan Perusahaan", "Jalan Teknologi", "Jalan Kilang"],
           lambda r: str(r.randint(40000, 81999)), ["Klang", "Shah Alam", "Ipoh", "Kulim", "Seremban"]),
    "PK": (["Small Industrial Estate", "Daska Road", "Wazirabad Road", "Paris Road"],
           lambda r: r.choice(["51310", "51340", "51300"]), ["Sialkot"]),
    "CN": (["Huaxia Road", "Jinqiao Road", "Keji Avenue", "Xinhua Road"],
           lambda r: f"{r.randint(10, 65)}{r.randint(0, 9999):04d}",
           ["Shenzhen", "Guangzhou", "Suzhou", "Ningbo", "Xiamen"]),
    "IN": (["MIDC Industrial Area", "GIDC Estate", "Okhla Industrial Area", "SIPCOT Industrial Park"],
           lambda r: str(r.randint(110001, 641999)), ["Mumbai", "Ahmedabad", "New Delhi", "Chennai"]),
    "VN": (["Tan Thuan Export Processing Zone", "VSIP Industrial Park", "Linh Trung Industrial Zone"],
           lambda r: str(r.randint(700000, 760000)), ["Ho Chi Minh City", "Binh Duong", "Ha Noi"]),
}
ADDR_ABBREV = [("Jalan", "Jln"), ("Kawasan Perindustrian", "Kaw. Perind."), ("gatan", "g."),
               ("vägen", "v."), ("Road", "Rd"), ("Avenue", "Ave"), ("Industrial", "Ind."),
               ("straße", "str."), ("Estate", "Est."), ("veien", "vn."), ("Street", "St.")]
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "ß": "ss"})


def strip_diacritics(text: str) -> str:
    """What a partner's ASCII-only system makes of a name: "Malmö" -> "Malmo"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.used_ids: set[str] = set()
        self.used_names: set[tuple[str, str]] = set()
        self.entities: list[dict] = []

    # -- identifiers with real check digits (python-stdnum) --------------------------
    def _unique(self, make) -> str:
        while True:
            v = make()
            if v and v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def _complete(self, base: str, valid) -> str:
        for d in "0123456789":
            if valid(base + d):
                return base + d
        return ""

    def ids_for(self, country: str) -> dict[str, str]:
        r = self.r
        ids: dict[str, str] = {}
        if country == "SE":
            ids["SE-ON"] = self._unique(lambda: (b := r.choice(["556", "559"]) + f"{r.randint(0, 999999):06d}")
                                        + luhn.calc_check_digit(b))
            assert se_orgnr.is_valid(ids["SE-ON"])
        elif country == "NO":
            ids["NO-BRC"] = self._unique(lambda: self._complete(f"{r.choice('89')}{r.randint(0, 9999999):07d}",
                                                                no_orgnr.is_valid))
        elif country == "FI":
            ids["FI-PRO"] = self._unique(lambda: self._complete(f"{r.randint(1000000, 3299999)}", ytunnus.is_valid))
        elif country == "DK":
            ids["DK-CVR"] = self._unique(lambda: self._complete(f"{r.randint(1000000, 4499999)}", cvr.is_valid))
        elif country == "DE":
            ids["VAT"] = self._unique(lambda: "DE" + self._complete(f"{r.randint(10000000, 99999999)}",
                                                                   lambda v: de_vat.is_valid("DE" + v)))
        elif country == "MY":
            ids["MY-SSM"] = self._unique(lambda: f"{r.randint(100000, 999999)}-{r.choice('ADHKMPTUVWX')}")
            ids["_MY_NEW"] = f"{r.randint(1990, 2015)}01{r.randint(0, 999999):06d}"
        elif country == "CN":
            ids["CN-SAIC"] = self._unique(lambda: (b := "9144" + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
                                                                        for _ in range(13))) + uscc.calc_check_digit(b))
        elif country == "PK":
            ids["PK-SECP"] = self._unique(lambda: f"{r.randint(1, 199999):07d}")
        elif country == "IN":
            ids["IN-MCA"] = self._unique(lambda: f"U{r.randint(10000, 99999)}MH{r.randint(1990, 2020)}PTC{r.randint(100000, 999999)}")
        elif country == "VN":
            ids["VN-MST"] = self._unique(lambda: (b := f"0{r.randint(10000000, 39999999)}") + mst.calc_check_digit(b))
        if r.random() < (0.35 if country not in ("SE", "NO", "FI", "DK") else 0.08):
            ids["DUNS"] = self._unique(lambda: f"{r.randint(10000000, 999999999):09d}")
        return ids

    # -- entities --------------------------------------------------------------------
    def base_name(self, country: str) -> str:
        a, b, c = WORDS[country]
        r = self.r
        while True:
            if country == "PK" and r.random() < 0.6:
                name = f"{r.choice(a)} {r.choice(b)} {r.choice(c)}"
            elif country == "CN":
                name = f"{r.choice(a)} {r.choice(b)} {r.choice(c)}"
            elif r.random() < 0.2:
                name = f"{r.choice(a)} {r.choice(b)}"
            else:
                name = " ".join(x for x in (r.choice(a), r.choice(b), r.choice(c)) if x)
            if (country, name.lower()) not in self.used_names:
                self.used_names.add((country, name.lower()))
                return name

    def address(self, country: str) -> dict:
        streets, pc, cities = STREETS[country]
        r = self.r
        street = r.choice(streets)
        if country == "MY":
            street = f"Lot {r.randint(1, 200)}, {street} {r.randint(1, 9)}, Kawasan Perindustrian {r.choice(['Meru', 'Bukit Raja', 'Nilai', 'Kamunting'])}"
        elif country in ("PK", "IN", "VN"):
            street = f"Plot {r.randint(1, 300)}, {street}"
        elif country == "CN":
            street = f"No. {r.randint(1, 999)} {street}, {r.choice(['Longgang', 'Baoan', 'Huangpu', 'Wujiang'])} District"
        else:
            street = f"{street} {r.randint(1, 120)}"
        return {"address": street, "postal_code": pc(r), "city": r.choice(cities)}

    def entity(self, country: str, name: str | None = None, form: str | None = None,
               addr: dict | None = None) -> dict:
        e = {"truth": f"E{len(self.entities) + 1:05d}", "country": country,
             "name": name or self.base_name(country), "form": form or self.r.choice(LEGAL[country]),
             "ids": self.ids_for(country), **(addr or self.address(country))}
        self.entities.append(e)
        return e

    def build(self, n: int) -> None:
        r = self.r
        countries = list(COUNTRY_WEIGHTS)
        weights = [COUNTRY_WEIGHTS[c] for c in countries]
        n_brands, n_parents, n_twins = n // 40, n // 30, n // 30
        for _ in range(n_brands):  # one brand, separate legal entities per country
            brand = r.choice(["Abena", "Mediq", "Nordvård", "Evercare", "Lindqvist Medical", "Vitalis",
                              "Scanmed", "Hygieno", "Optimed", "Kliniva", "Sterimed", "Careline"]) + \
                f" {r.choice(['', 'Medical', 'Care', 'Hygiene', 'Solutions'])}".rstrip()
            for c in r.sample(["SE", "NO", "FI", "DK", "DE"], r.randint(2, 4)):
                if (c, brand.lower()) in self.used_names:
                    continue
                self.used_names.add((c, brand.lower()))
                self.entity(c, brand)
        for _ in range(n_parents):  # parent and subsidiary at one address
            c = r.choice(["SE", "SE", "NO", "FI", "DK", "DE", "MY", "CN"])
            child = self.entity(c)
            addr = {k: child[k] for k in ("address", "postal_code", "city")}
            if c == "DE" and r.random() < 0.5:
                self.entity(c, child["name"], "GmbH & Co. KG" if child["form"] == "GmbH" else "GmbH", addr)
            else:
                tok = r.choice({"SE": ["Holding", "Group", "Invest", "Sverige"], "NO": ["Holding", "Group", "Norge"],
                                "FI": ["Holding", "Group", "Invest"], "DK": ["Holding", "Group"],
                                "DE": ["Holding"], "MY": ["Holdings", "Group"],
                                "CN": ["Group"]}[c])
                self.entity(c, f"{child['name']} {tok}", child["form"] if c != "MY" else "Berhad", addr)
        for _ in range(n_twins):  # unrelated firms, one letter apart
            c = r.choice(countries)
            a = self.entity(c)
            name = a["name"]
            idx = [i for i, ch in enumerate(name) if ch.isalpha() and i > 2]
            for _try in range(10):
                i = r.choice(idx)
                twin = name[:i] + r.choice("aeiknrst") + name[i + 1:]
                if twin != name and (c, twin.lower()) not in self.used_names:
                    self.used_names.add((c, twin.lower()))
                    self.entity(c, twin)
                    break
        while len(self.entities) < n:
            self.entity(r.choices(countries, weights)[0])

    # -- partner records with noise ----------------------------------------------------
    def noisy_name(self, e: dict) -> str:
        r = self.r
        name = e["name"]
        if r.random() < 0.25:
            for full, short in r.sample(ABBREV, len(ABBREV)):
                if full in name:
                    name = name.replace(full, short, 1)
                    break
        if e["country"] == "CN" and r.random() < 0.1:
            parts = name.split(" ", 1)
            name = f"{parts[1]} ({parts[0]})" if len(parts) == 2 else name
        if r.random() < 0.09:
            words = [i for i, w in enumerate(name.split()) if len(w) >= 6]
            if words:
                ws = name.split()
                w = ws[r.choice(words)]
                j = r.randint(1, len(w) - 2)
                op = r.random()
                w2 = w[:j] + w[j + 1:] if op < 0.4 else (w[:j] + w[j + 1] + w[j] + w[j + 2:] if op < 0.7
                                                           else w[:j] + r.choice("aeilnorst") + w[j + 1:])
                name = name.replace(w, w2, 1)
        form = e["form"]
        if r.random() < 0.85:
            variant = r.choice(LEGAL_VARIANTS.get(form, [form]))
            if e["country"] == "VN" and r.random() < 0.3:
                name = ("Công ty TNHH " if form == "Co., Ltd." else "Công ty Cổ phần ") + name
            else:
                name = f"{name} {variant}"
        if e["country"] == "PK" and r.random() < 0.1:
            name = "M/s " + name
        if r.random() < 0.3:
            name = strip_diacritics(name)
        x = r.random()
        if x < 0.15:
            name = name.upper()
        elif x < 0.18:
            name = name.lower()
        if r.random() < 0.05:
            name = "  " + name.replace(" ", "  ", 1) + " "
        return name

    def noisy_ids(self, e: dict, partner: str) -> list[dict]:
        r = self.r
        c = e["country"]
        nordic = c in ("SE", "NO", "FI", "DK")
        home = {"SE": SE_REGIONS + ["adda"], "NO": ["sykehusinnkjop"], "FI": ["hus"], "DK": []}.get(c, [])
        p_id = (0.8 if partner in home else 0.55) if nordic else 0.45
        out = []
        for scheme, value in e["ids"].items():
            if scheme == "_MY_NEW":
                continue
            if r.random() > (p_id if scheme != "DUNS" else 0.5):
                continue
            if scheme == "MY-SSM" and r.random() < 0.3:
                value = e["ids"]["_MY_NEW"]  # the new 12-digit SSM number of the same company
            if scheme == "SE-ON":
                value = r.choice([value[:6] + "-" + value[6:]] * 3 + [value, "SE" + value + "01", value[:6] + " " + value[6:]])
                if value.startswith("SE") and r.random() < 0.5:
                    scheme = "VAT"
            elif scheme == "NO-BRC":
                value = r.choice([value, value, f"{value[:3]} {value[3:6]} {value[6:]}", f"NO{value}MVA"])
                if value.startswith("NO") and r.random() < 0.5:
                    scheme = "VAT"
            elif scheme == "FI-PRO":
                value = r.choice([value[:7] + "-" + value[7], value[:7] + "-" + value[7], value, "FI" + value])
                if value.startswith("FI") and r.random() < 0.5:
                    scheme = "VAT"
            elif scheme == "DK-CVR":
                value = r.choice([value, value, "DK" + value, f"DK {value[:2]} {value[2:4]} {value[4:6]} {value[6:]}"])
                if value.startswith("DK") and r.random() < 0.5:
                    scheme = "VAT"
            elif scheme == "DUNS" and r.random() < 0.3:
                value = f"{value[:2]}-{value[2:5]}-{value[5:]}"
            if scheme in ("SE-ON", "NO-BRC", "FI-PRO", "DK-CVR", "VAT") and r.random() < 0.05:
                digits = [i for i, ch in enumerate(value) if ch.isdigit()]
                i = r.choice(digits[-4:])
                value = value[:i] + str((int(value[i]) + r.randint(1, 9)) % 10) + value[i + 1:]
            out.append({"scheme": scheme, "id": value})
        return out

    def noisy_address(self, e: dict) -> dict:
        r = self.r
        if r.random() < 0.06:
            other = self.address(e["country"])  # a second site: factory, warehouse
            addr, pc, city = other["address"], other["postal_code"], other["city"]
        else:
            addr, pc, city = e["address"], e["postal_code"], e["city"]
        if r.random() < 0.35:
            for full, short in ADDR_ABBREV:
                addr = addr.replace(full, short)
        if e["country"] == "SE" and r.random() < 0.4:
            pc = pc.replace(" ", "")
        if r.random() < 0.1 and city:
            addr = f"{addr}, {pc} {city}"
        if r.random() < 0.25:
            addr, city = strip_diacritics(addr), strip_diacritics(city)
        if r.random() < 0.1:
            addr, city = addr.upper(), city.upper()
        out = {"address": addr, "postal_code": pc, "city": city}
        for k, p in (("address", 0.13), ("postal_code", 0.12), ("city", 0.05)):
            if r.random() < p:
                out[k] = None
        return out

    def records(self) -> list[dict]:
        r = self.r
        counters: dict[str, int] = {}
        out = []
        for e in self.entities:
            c = e["country"]
            k = r.choices([1, 2, 3, 4, 5, 6], [22, 26, 22, 15, 10, 5])[0]
            pool = {"SE": SE_REGIONS * 2 + ["adda"] * 3 + ["sykehusinnkjop", "hus"],
                    "NO": ["sykehusinnkjop"] * 4 + SE_REGIONS + ["hus"],
                    "FI": ["hus"] * 4 + SE_REGIONS + ["sykehusinnkjop"],
                    "DK": ALL_PARTNERS}.get(c, ALL_PARTNERS)
            partners = []
            for _ in range(k):
                p = r.choice(pool)
                if p in partners and r.random() < 0.8:
                    p = r.choice(ALL_PARTNERS)
                partners.append(p)
            for p in partners:
                counters[p] = counters.get(p, 0) + 1
                rec = {"record_id": f"{p[:3].upper()}-{counters[p]:05d}", "partner": p,
                       "name": self.noisy_name(e), "country": c, "identifiers": self.noisy_ids(e, p),
                       **self.noisy_address(e), "truth": e["truth"]}
                out.append(rec)
        r.shuffle(out)
        return out


def generate(n_entities: int = 1300, seed: int = 20240611) -> list[dict]:
    """Labelled records for ``n_entities`` legal entities (about 2.7 records each)."""
    g = Gen(seed)
    g.build(n_entities)
    return g.records()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20240611
    rows = generate(n, seed)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} records for {n} entities to {OUT}")
