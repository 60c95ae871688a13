#!/usr/bin/env python3
"""Labelled supplier records for benchmarking entity resolution: clean masters plus a corruption pipeline.

Author: a helper session writing a blind benchmark. It never read the resolver,
the hub code, its tests or docs, or any other generator in this folder, and it
never ran the resolver. Its only sources were the shared domain primer and the
issue text.

First measurement (blind, 2026-11-25, the resolver at 9b76660): precision
1.000 and 1.000, recall 0.786 and 0.792, F1 0.880 and 0.884 on seeds 1 and
2. Its misses were then read and used to improve the resolver, so it is a
development set now, not a held-out one.

Persona: a Febrl/Splink-style synthetic-data author. Each legal entity gets a
clean master: name tokens, legal form, country, ids, street, postcode and city,
plus an old address for the 12 % that moved. Each partner's record comes from
the master through a corruption pipeline. All probabilities are in `P`:
  name     abbreviation/expansion 0.30 per word (Medical/Med., &/och/og/ja/und,
           Sverige/Sweden); dropping a descriptive token 0.14; swapping adjacent
           tokens 0.03; typos, each kind at most once: keyboard 0.09, transposition
           0.06, dropped 0.07, doubled 0.04, OCR (rn/m, 0/O, 1/l) 0.03, phonetic (qv/kv,
           ph/f, c/k) 0.07; legal form dropped 0.22, another variant 0.35, put first
           (SE/FI) 0.04; the Vietnamese name "Công ty Cổ phần X" 0.10.
  text     diacritics stripped 0.18 or transliterated (ö->oe, å->aa) 0.08; Vietnamese
           tones stripped 0.60; whole record upper-cased 0.08, else the name upper
           0.06, lower 0.03, title 0.04.
  ids      national id 0.60 (VAT form 0.35, both 0.08); others 0.30-0.50; another
           formatting 0.40; check digit broken on purpose 0.03 (checked to fail stdnum).
  address  old address 0.50 if the entity moved; blank 0.14; PO box 0.03; street
           abbreviation 0.35 (gatan/g., straße/str., Jalan/Jln, Road/Rd); floor/unit
           0.06; typo 0.05; Finnish street in Swedish for Swedish partners 0.25;
           postcode and city in the street line 0.04; postcode in another format
           (SE-114 35, D-80331, FIN-00510) 0.35, leading zero lost 0.25, blank 0.10;
           city exonym (Helsingfors, Tukholma, Köpenhamn, Canton, Hanzi) 0.35, blank 0.04.
Hard negatives (HARD): one brand as distinct legal entities in SE plus two or three
of NO/FI/DK; a parent "X Holding" with another legal form at its subsidiary's
address; twin firms in one country whose names differ by one letter, each with its own
street (half of them in the same city) and its own ids. Every twin record
keeps its street, so an address always tells two twin records apart, and the
twin stem is never mistyped. "Holding" is never dropped or mistyped.
Justifiability: name typos, token drops and swaps count as damage. Within a
cluster each pair shares a valid id, or has damage <= 2 in total, or has the
same street address and damage <= 4. If a pair fails, the more damaged record
is rebuilt without damage. Cluster sizes run 1-9 (CLUSTER_SIZE_WEIGHTS), and 6 %
of entities appear twice in one partner's register.
Left out on purpose: two valid national ids for one entity, or one id shared by
two entities; mistyped DUNS or register numbers that carry no check digit,
since the typo would pass as a second valid id; branch tax numbers, old-format
SSM numbers, VAT numbers under national scheme labels; mergers, renames, wrong
countries, names in non-Latin script. Pakistani firms carry DUNS/GLN only. All
names are invented; any resemblance to a real firm is chance.

Usage: python make_corrupted_suppliers.py N SEED [--stats]   (JSON lines on stdout, stats on stderr)
"""
import json
import random
import re
import string
import sys
import unicodedata
from collections import Counter

from stdnum import ean
from stdnum.cn import uscc
from stdnum.de import vat as de_vat
from stdnum.dk import cvr
from stdnum.fi import alv as fi_alv, ytunnus
from stdnum.in_ import gstin
from stdnum.no import mva as no_mva, orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr, vat as se_vat
from stdnum.vn import mst

P = {  # corruption probabilities, per record (name_abbrev: per word)
    "name_abbrev": 0.30, "name_token_drop": 0.14, "name_token_swap": 0.03,
    "typo_keyboard": 0.09, "typo_transpose": 0.06, "typo_drop": 0.07, "typo_double": 0.04,
    "typo_ocr": 0.03, "typo_phonetic": 0.07, "vn_native_name": 0.10,
    "legal_form_drop": 0.22, "legal_form_variant": 0.35, "legal_form_prefix": 0.04,
    "diacritics_strip": 0.18, "diacritics_translit": 0.08, "vn_tones_stripped": 0.60,
    "record_upper": 0.08, "name_upper": 0.06, "name_lower": 0.03, "name_title": 0.04,
    "id_national": 0.60, "id_vat_form": 0.35, "id_both_forms": 0.08, "id_format_variant": 0.40,
    "id_DECR": 0.40, "id_DEVAT": 0.40, "id_SSM": 0.45, "id_USCC": 0.50, "id_CIN": 0.30,
    "id_GSTIN": 0.35, "id_MST": 0.45, "id_DUNS": 0.45, "id_GLN": 0.40, "id_broken": 0.03,
    "addr_old": 0.50, "addr_blank": 0.14, "addr_po_box": 0.03, "addr_abbrev": 0.35,
    "addr_extra": 0.06, "addr_typo": 0.05, "addr_other_language": 0.25, "addr_inline_postal": 0.04,
    "postal_format": 0.35, "postal_zero_lost": 0.25, "postal_blank": 0.10,
    "city_exonym": 0.35, "city_blank": 0.04,
}
HARD = {  # per master-generation step; `moved` and `same_partner_dup` per entity
    "brand_family": 0.012, "parent_sub": 0.022, "twins": 0.025, "moved": 0.12, "same_partner_dup": 0.06}
COUNTRY_WEIGHTS = {"SE": .30, "NO": .12, "FI": .11, "DK": .08, "DE": .10,
                   "MY": .09, "PK": .06, "CN": .07, "IN": .04, "VN": .03}
CLUSTER_SIZE_WEIGHTS = [30, 22, 16, 11, 8, 5, 4, 2, 2]  # sizes 1..9
NORDIC = ("SE", "NO", "FI", "DK")
SWEDISH_PARTNERS = ["region-skane", "region-vgr", "region-stockholm", "region-ostergotland",
                    "region-kalmar", "region-jonkoping", "adda"]
PARTNERS = SWEDISH_PARTNERS + ["sykehusinnkjop", "hus"]
PARTNER_LANG = dict({p: "sv" for p in SWEDISH_PARTNERS}, sykehusinnkjop="no", hus="fi")
RECORD_ID_FMT = {"region-skane": "SK-{:06d}", "region-vgr": "VGR{:07d}", "region-stockholm": "SLL-LEV-{:05d}",
                 "region-ostergotland": "RO{:06d}", "region-kalmar": "KAL-{:05d}", "region-jonkoping": "RJL{:06d}",
                 "adda": "ADDA-{:06d}", "sykehusinnkjop": "SHI-{:07d}", "hus": "HUS-{:06d}"}

LEGAL = {  # first variant is the registered spelling
    "AB": ["AB", "Aktiebolag", "Ab"], "ABpubl": ["AB (publ)", "AB", "Aktiebolag (publ)", "AB (PUBL)"],
    "AS": ["AS", "A/S", "As", "A.S."], "ASA": ["ASA", "Asa"],
    "Oy": ["Oy", "OY", "Osakeyhtiö", "Oy Ab"], "Oyj": ["Oyj", "OYJ", "Oyj Abp"],
    "A/S": ["A/S", "AS", "A.S."], "ApS": ["ApS", "Aps", "APS"],
    "GmbH": ["GmbH", "Gmbh", "G.m.b.H.", "GMBH"], "AG": ["AG", "Aktiengesellschaft"],
    "KG": ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG"],
    "SdnBhd": ["Sdn Bhd", "Sdn. Bhd.", "SDN BHD", "Sendirian Berhad"], "Bhd": ["Berhad", "Bhd", "Bhd."],
    "PvtPK": ["(Pvt) Ltd", "(Pvt.) Ltd.", "Pvt. Ltd.", "Private Limited"],
    "PvtIN": ["Private Limited", "Pvt. Ltd.", "Pvt Ltd", "(P) Ltd"], "Ltd": ["Limited", "Ltd", "Ltd."],
    "CoLtd": ["Co., Ltd.", "Co.,Ltd", "Co. Ltd", "Company Limited", "Co., Ltd"],
    "JSC": ["Joint Stock Company", "JSC", "J.S.C", "Jsc"]}
FORMS = {"SE": {"AB": 95, "ABpubl": 5}, "NO": {"AS": 95, "ASA": 5}, "FI": {"Oy": 95, "Oyj": 5},
         "DK": {"A/S": 55, "ApS": 45}, "DE": {"GmbH": 70, "KG": 20, "AG": 10}, "MY": {"SdnBhd": 90, "Bhd": 10},
         "PK": {"PvtPK": 1}, "CN": {"CoLtd": 1}, "IN": {"PvtIN": 85, "Ltd": 15}, "VN": {"JSC": 60, "CoLtd": 40}}
PARENT_FORMS = {"SE": ("AB", "ABpubl"), "NO": ("AS", "ASA"), "FI": ("Oy", "Oyj"), "DK": ("ApS", "A/S"),
                "DE": ("GmbH", "AG"), "MY": ("SdnBhd", "Bhd"), "IN": ("PvtIN", "Ltd")}


def W(s, sep=None):  # word list; "_" inside a word stands for a space
    return [w.replace("_", " ") for w in s.split(sep)]


NAMES = {  # pre+suf stems, surname stems, descriptors, extra (droppable) descriptors, "& Sons"
    "SE": dict(pre=W("Nord Sval Berg Lind Ek Fjäll Ström Sjö Älv Hög Vit Gran Björk Sol Väst Öster Sten Lång "
                     "Kron Ås Hav Mål Fors Ljung Tall Alm Rönn Hassel Kvarn Hjort"),
               suf=W("vik dal berg ström lund tek med kraft gård näs holm mark sund torp fors ängen by hamn lid "
                     "stad rud åsen"),
               sur=W("Lindqvist Bergström Sjöberg Åkerlund Nyström Hedlund Wallin Engström Holmgren Söderberg"),
               desc=W("Medical Medicinteknik Textil Livsmedel Laboratorieteknik Data Hygien Sjukvårdsprodukter "
                      "Diagnostik Instrument"), extra=W("Scandinavia Nordic International Group Sverige"),
               sons="& Söner"),
    "NO": dict(pre=W("Fjord Nord Vest Tind Bjørn Sølv Hav Øst Fjell Lyng Skog Elv Stein Nes Fonn Strand Myr Furu"),
               suf=W("vik dal heim tek med nes voll bakken stad lia sund haug sjø ås"),
               sur=W("Haugen Bakke Solberg Moen Nygård Brekke Dahl Sæther Lunde Aasen"),
               desc=W("Medisinsk Medical Tekstil Laboratorium Data Næringsmidler Hygiene Diagnostikk"),
               extra=W("Norge Nordic Scandinavia Group"), sons="& Sønner"),
    "FI": dict(pre=W("Kaski Järvi Koivu Lumi Vaara Salmi Tähti Metsä Pohjan Kallio Ranta Kivi Halla Saari Kuusi "
                     "Tuuli Vesi Pihla Aalto Kotka"),
               suf=W("tek med la nen sto mix lab line vaara oja linna mäki kumpu niemi"),
               sur=W("Virtanen Nieminen Mäkelä Heikkinen Laaksonen Koskinen Lehtonen Salminen Hyvönen"),
               desc=W("Medical Tekstiili Laboratorio Elintarvike Data Hygienia Diagnostiikka Instrumentit"),
               extra=W("Finland Nordic Group International"), sons="ja Pojat"),
    "DK": dict(pre=W("Sønder Nørre Holm Skov Bæk Strand Lund Møl Vester Øster Eg Hede Fjord Klint Sand Bøge"),
               suf=W("gaard tek med by sted holm lund vig bjerg dal høj rup"),
               sur=W("Møller Christensen Kjær Lauridsen Mikkelsen Thygesen Dahlgaard Østergaard"),
               desc=W("Medico Medical Tekstil Fødevarer Laboratorie Data Hygiejne Diagnostik"),
               extra=W("Danmark Nordic Scandinavia Group"), sons="& Søn"),
    "DE": dict(pre=W("Rhein Alpen Hansa Sonnen Grün Weiß Nord Elb Main Isar Eichen Linden Berg Stern Falken Donau "
                     "Wald Brunnen Adler Tannen"),
               suf=W("tec med werk haus feld mann hof tal gard form quell licht"),
               sur=W("Müller Schäfer Hoffmann Krüger Weber Becker Wagner Zimmermann Schröder Fuchs"),
               desc=W("Medizintechnik Textilwerke Lebensmittel Laborbedarf Datentechnik Verbandstoffe "
                      "Chirurgietechnik Hygiene"), extra=W("Deutschland International Group Vertrieb"),
               sons="& Söhne")}
FOREIGN = {  # stem words, stem tails (None: two distinct words), descriptors, extra descriptors
    "MY": (W("Sinar Permata Bintang Cahaya Seri Jaya Mutiara Indah Gemilang Murni Setia Perdana Intan Harapan "
             "Sentosa Makmur"), None,
           W("Glove Gloves Latex Rubber_Products Nitrile Medical_Gloves Rubber_Industries Healthcare"),
           ["Industries", "Manufacturing"]),
    "PK": (W("Al-Noor Hamza Zafar Rehman Crescent Bilal Iqbal Faisal Ghani Tariq Anwar Saeed Raza Waqas Shahid "
             "Nadeem Arshad Imran Jamil Kamran Sohail Tahir Usman Yasir"), ["", " Brothers", " & Sons", " Impex",
                                                                         " Medico"],
           W("Surgical Surgical_Instruments Surgico Medical_Instruments Instruments Steel_Works Dental"),
           ["Industries", "International"]),
    "CN": (W("Hua Xin Tian Li Yong Sheng Jin Kang Da Rui Hong Feng Mei Bao Heng Tai Long Fu An Cheng"), "syl",
           W("Textile Medical_Supplies Protective_Products Garment Non-woven_Fabrics Healthcare_Products Knitting"),
           ["Import & Export", "Technology"]),
    "IN": (W("Shivam Anand Kaveri Ganga Suryodaya Navkar Laxmi Trishul Madhav Vinayak Saraswati Kirti Mahavir "
             "Padma Nandini Gokul"), ["", " Tex", " Kala", " Jyoti", " Shakti", " Exim", " Overseas"],
           W("Textiles Fabrics Healthcare Exports Garments Knit_Fashions Spinning_Mills Surgicals Cotton_Mills"),
           ["International", "Industries"]),
    "VN": (W("Phú Hưng Tân Bảo Đại Minh Thành Hòa Quang Kim Trường An Phước Thiên Hoàng Gia"),
           W("Thịnh Long Việt Ngọc An Khang Lợi Phú Vinh Xuân Lộc Phát Hưng Minh Tín Đức"),
           W("Garment Textile Protective_Wear Medical_Textile Garment_Export"), ["Trading", "Production"])}
BRAND_PRE, BRAND_SUF = W("Medi Scan Cura Vita Opti Sani Tex Lumi Nova Pura Aqua Dura"), \
    W("lux vo tek ica gen line dent ra sana flex")
BRAND_DESC = ["Medical", "Diagnostics", "Textiles", "Lab", "Care", ""]
COUNTRY_WORD = {"SE": "Sverige", "NO": "Norge", "FI": "Finland", "DK": "Danmark"}
AMP = {"SE": "och", "NO": "og", "DK": "og", "FI": "ja", "DE": "und"}
ABBREV = {a: W(b, "|") for a, b in (x.split("=") for x in W(
    "International=Intl|Int'l|Intl. Medical=Med.|Med Industries=Inds.|Ind. Manufacturing=Mfg.|Mfg "
    "Products=Prods.|Prod. Instruments=Instr.|Instrs Surgical=Surg. Technology=Tech.|Tech Laboratorium=Lab "
    "Scandinavia=Scand.|Skandinavia Brothers=Bros.|Bros Import=Imp. Export=Exp. Exports=Exp. Group=Grp|Grp. "
    "Textiles=Tex Textile=Tex Healthcare=Health_Care Medicinteknik=Medtech|Med-teknik "
    "Medizintechnik=Medizintech.|MedTech Sjukvårdsprodukter=Sjukvårdsprod. Laboratorieteknik=Labteknik|Lab-teknik "
    "Sverige=Sweden Norge=Norway Finland=Suomi Danmark=Denmark Deutschland=Germany Protective=Prot. Garment=Gmt "
    "Diagnostics=Diag. Al-Noor=Al_Noor|Alnoor"))}

# "Name prefix weight key=value ..." per city; "_" = space, "+" separates list items; _keys are register data
CITY_SPEC = """
SE Stockholm 11 5 fi=Tukholma; Göteborg 41 4 en=Gothenburg; Malmö 21 3 en=Malmo; Uppsala 75 2; Linköping 58 2;
   Jönköping 55 2; Kalmar 39 1; Lund 22 1; Örebro 70 1; Västerås 72 1; Borås 50 2; Gnosjö 335 1;
   Umeå 90 1 fi=Uumaja
NO Oslo 0 5; Bergen 50 3; Trondheim 70 2; Stavanger 40 2; Drammen 30 1; Kristiansand 46 1;
   Tromsø 90 1 sv=Tromsö fi=Tromssa; Ålesund 60 1 en=Aalesund; Fredrikstad 16 1
FI Helsinki 00 5 sv=Helsingfors; Espoo 02 3 sv=Esbo; Vantaa 01 2 sv=Vanda; Tampere 33 2 sv=Tammerfors;
   Turku 20 2 sv=Åbo; Oulu 90 1 sv=Uleåborg; Jyväskylä 40 1; Vaasa 65 1 sv=Vasa; Porvoo 06 1 sv=Borgå
DK København 1 4 sv=Köpenhamn fi=Kööpenhamina en=Copenhagen alt=København_K; Aarhus 80 3 sv=Århus alt=Aarhus_C;
   Odense 50 2 alt=Odense_C; Aalborg 90 1 sv=Ålborg; Kolding 60 1; Vejle 71 1; Herning 74 1; Esbjerg 67 1
DE München 80 3 en=Munich _court=München; Köln 50 2 en=Cologne _court=Köln; Hamburg 20 3 _court=Hamburg;
   Berlin 10 2 _court=Berlin_(Charlottenburg); Frankfurt_am_Main 60 2 alt=Frankfurt _court=Frankfurt_am_Main;
   Nürnberg 90 1 en=Nuremberg _court=Nürnberg; Tuttlingen 785 3 _court=Stuttgart; Stuttgart 70 1 _court=Stuttgart;
   Hannover 30 1 en=Hanover _court=Hannover
MY Klang 41 3 alt=Klang,_Selangor; Shah_Alam 40 2 alt=Shah_Alam,_Selangor; Ipoh 30 2 alt=Ipoh,_Perak;
   Kuala_Lumpur 50 1 alt=KL; Seremban 70 1; Kulim 09 1 alt=Kulim,_Kedah; Taiping 34 1; Nilai 71 1; Rawang 48 1
PK Sialkot 513 10; Lahore 54 1; Karachi 75 1; Wazirabad 521 1; Gujranwala 52 1
CN Suzhou 215 2 zh=苏州 _reg=320500 _dist=Wujiang+Xiangcheng;
   Shaoxing 312 2 zh=绍兴 _reg=330600 _dist=Keqiao+Shangyu; Ningbo 315 1 zh=宁波 _reg=330200 _dist=Beilun+Yinzhou;
   Guangzhou 510 2 zh=广州 en=Canton _reg=440100 _dist=Panyu+Baiyun;
   Qingdao 266 1 zh=青岛 en=Tsingtao _reg=370200 _dist=Huangdao+Jimo; Xiamen 361 1 zh=厦门 en=Amoy _reg=350200
   _dist=Haicang+Jimei; Nantong 226 1 zh=南通 _reg=320600 _dist=Tongzhou+Haimen
IN Tiruppur 6416 3 alt=Tirupur _st=TN _gst=33; Ludhiana 1410 2 _st=PB _gst=03; Surat 3950 1 _st=GJ _gst=24;
   Mumbai 4000 1 en=Bombay _st=MH _gst=27; Chennai 6000 1 en=Madras _st=TN _gst=33;
   Bengaluru 5600 1 en=Bangalore _st=KA _gst=29; Kolkata 7000 1 en=Calcutta _st=WB _gst=19;
   Panipat 1321 1 _st=HR _gst=06
VN Thành_phố_Hồ_Chí_Minh 70 3 en=Ho_Chi_Minh_City alt=HCMC+Saigon _mst=03 _kcn=Tân_Tạo+Vĩnh_Lộc+Tân_Bình;
   Hà_Nội 10 2 en=Hanoi _mst=01 _kcn=Thăng_Long+Quang_Minh; Đà_Nẵng 50 1 en=Da_Nang _mst=04 _kcn=Hòa_Khánh;
   Bình_Dương 75 2 en=Binh_Duong _mst=37 _kcn=Sóng_Thần+Mỹ_Phước;
   Hải_Phòng 18 1 en=Haiphong _mst=02 _kcn=Đình_Vũ
"""


def parse_cities(spec):
    cities, text = {}, re.sub(r"\n\s+", " ", spec.strip())
    for line in text.splitlines():
        country, rest = line.split(" ", 1)
        cities[country] = []
        for item in rest.split(";"):
            name, prefix, weight, *kv = item.split()
            var = {k: W(v, "+") if "+" in v or k in ("_dist", "_kcn") else v.replace("_", " ")
                   for k, v in (x.split("=") for x in kv)}
            cities[country].append((name.replace("_", " "), prefix, int(weight), var))
    return cities


CITIES = parse_cities(CITY_SPEC)
POSTAL_LEN = {"SE": 5, "NO": 4, "FI": 5, "DK": 4, "DE": 5, "MY": 5, "PK": 5, "CN": 6, "IN": 6, "VN": 5}
POSTAL_FMT = {"SE": ["{a} {b}", "{c}", "SE-{a} {b}", "S-{c}", "SE {c}"], "NO": ["{c}", "NO-{c}", "N-{c}"],
              "FI": ["{c}", "FI-{c}", "FIN-{c}"], "DK": ["{c}", "DK-{c}", "DK {c}"], "DE": ["{c}", "D-{c}", "DE-{c}"],
              "MY": ["{c}", "MY-{c}"], "PK": ["{c}"], "CN": ["{c}", "PC {c}"], "IN": ["{c}", "{a} {b}", "{a}-{b}"],
              "VN": ["{c}", "{c}0"]}  # canonical first; VN: old six-digit code
STREET = {"SE": (W("Stor Kyrko Industri Skol Fabriks Hamn Järnvägs Verkstads Företags Ängs Tall Björk Lager "
                   "Hantverkar Smeds"), ["gatan", "vägen"]),
          "NO": (W("Stor Kirke Industri Fabrikk Havne Sjø Bjørke Verksted Lager Hoved Strand Nærings"),
                 ["veien", "gata", "gate"]),
          "DK": (W("Industri Fabriks Havne Kirke Skole Bøge Ege Mølle Værksteds Lager"), ["vej", "gade"]),
          "DE": (W("Industrie Haupt Bahnhof Garten Linden Schiller Goethe Gewerbe Mühlen Fabrik Hafen Birken"),
                 ["straße", "weg"])}
FI_STREET = {"Teollisuus": "Industri", "Tehdas": "Fabriks", "Satama": "Hamn", "Koivu": "Björk", "Mänty": "Tall",
             "Kauppa": "Handels", "Asema": "Stations", "Koulu": "Skol", "Mylly": "Kvarn", "Paja": "Smeds"}
MY_JALAN = W("Perusahaan Perindustrian Utama Bukit Sungai Teknologi Kilang Seri")
MY_KAW = W("Meru Bukit_Raja Kamunting Tasek Nilai Kulim Klang_Jaya Rawang")
PK_ROADS = W("Small_Industrial_Estate Sambrial_Road Daska_Road Kashmir_Road Paris_Road Defence_Road "
             "Wazirabad_Road Ugoki_Road")
CN_ROADS = W("Xingye Chuangye Gongye Huayuan Jinshan Changjiang Renmin Kaifa Binhai Dongfang")
IN_ESTATES = W("SIDCO_Industrial_Estate GIDC_Industrial_Estate Focal_Point_Industrial_Area MIDC_Industrial_Area "
               "Export_Park_Road Peenya_Industrial_Area Mill_Road")
ADDR_ABBREV = {
    "SE": [(r"gatan\b", "g."), (r"vägen\b", "v.")], "NO": [(r"veien\b", "vn."), (r"gat[ae]\b", "gt.")],
    "FI": [(r"katu\b", "k."), (r"tie\b", "t."), (r"gatan\b", "g."), (r"vägen\b", "v.")],
    "DK": [(r"vej\b", "v."), (r"gade\b", "g.")], "DE": [(r"straße\b", "str."), (r"straße\b", "strasse")],
    "MY": [(r"\bJalan\b", "Jln"), (r"\bKawasan Perindustrian\b", "Kaw. Perindustrian"), (r"\bLot\b", "No.")],
    "PK": [(r"\bRoad\b", "Rd"), (r"\bSmall Industrial Estate\b", "S.I.E."), (r"\bPlot\b", "Plot No.")],
    "CN": [(r"\bRoad\b", "Rd."), (r"\bDistrict\b", "Dist."), (r"^No\. ", "")],
    "IN": [(r"\bPlot No\.", "Plot"), (r"\bIndustrial\b", "Ind."), (r"\bRoad\b", "Rd")],
    "VN": [(r"\bKhu công nghiệp\b", "KCN"), (r"^Lô\b", "Lot")]}
ADDR_EXTRA = {"SE": [", 2 tr", ", plan 3"], "NO": [", 3. etg."], "FI": [" A", " B 4"], "DK": [", 2. sal"],
              "DE": [", Haus B", ", 3. OG"], "MY": [", Block B"], "PK": [" (Ground Floor)"],
              "CN": [", Building 3"], "IN": [", Ground Floor"], "VN": [", Nhà xưởng 2"]}
PO_BOX = {"SE": "Box {}", "NO": "Postboks {}", "FI": "PL {}", "DK": "Postboks {}"}
GLN_PREFIX = {"SE": "73", "NO": "70", "FI": "64", "DK": "57", "DE": "40", "MY": "955", "PK": "896", "CN": "69",
              "IN": "890", "VN": "893"}

TWIN_SWAPS = dict(x.split("/") for x in W("a/eo e/ai i/ey o/au u/oa y/i k/cg c/k t/d d/t s/z m/n n/m b/p p/b v/w "
                                           "g/k l/r r/l"))
KEYROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEIGH = {r[i]: r[max(i - 1, 0):i] + r[i + 1:i + 2] for r in KEYROWS for i in range(len(r))}
OCR = [("rn", "m"), ("m", "rn"), ("l", "1"), ("O", "0"), ("o", "0"), ("cl", "d"), ("I", "l"), ("vv", "w")]
PHONETIC = [tuple(x.split("/")) for x in W("qv/kv kv/qv ph/f th/t ck/k c/k k/c z/s w/v v/w ei/ai y/i i/y ee/i "
                                           "oo/u sch/sh x/ks ks/x aa/a Sh/S ie/i")]
TYPOS = ("typo_keyboard", "typo_transpose", "typo_drop", "typo_double", "typo_ocr", "typo_phonetic")
TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe", "æ": "ae", "Ä": "Ae", "Ö": "Oe",
            "Ü": "Ue", "Å": "Aa", "Ø": "Oe", "Æ": "Ae", "ß": "ss"}
STRIP_EXTRA = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D"}


def strip_diacritics(s):
    s = "".join(STRIP_EXTRA.get(c, c) for c in s)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def transliterate(s):
    return strip_diacritics("".join(TRANSLIT.get(c, c) for c in s))


def near(a, b):
    """True if a and b are at most one substitution, insertion or deletion apart (case-insensitive)."""
    a, b = a.lower(), b.lower()
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    a, b = sorted((a, b), key=len)
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def typo(rng, s, kind):
    """One character-level error of the given kind, or None if it does not apply."""
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 3:
        return None
    if kind == "typo_keyboard":
        cand = [i for i in idx if s[i].lower() in NEIGH]
        if not cand:
            return None
        i = rng.choice(cand)
        r = rng.choice(NEIGH[s[i].lower()])
        return s[:i] + (r.upper() if s[i].isupper() else r) + s[i + 1:]
    if kind == "typo_transpose":
        cand = [i for i in idx[1:] if i + 1 < len(s) and s[i + 1].isalpha() and s[i] != s[i + 1]]
        i = rng.choice(cand) if cand else None
        return None if i is None else s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == "typo_drop":
        i = rng.choice(idx[1:])
        return s[:i] + s[i + 1:]
    if kind == "typo_double":
        i = rng.choice(idx)
        return s[:i + 1] + s[i] + s[i + 1:]
    pairs = [(a, b) for a, b in (OCR if kind == "typo_ocr" else PHONETIC) if a in s]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    i = rng.choice([m.start() for m in re.finditer(re.escape(a), s)])
    return s[:i] + b + s[i + len(a):]


def weighted(rng, d):
    keys = list(d)
    return rng.choices(keys, weights=[d[k] for k in keys])[0]


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used_ids, self.used_streets, self.stems = set(), set(), {c: [] for c in COUNTRY_WEIGHTS}
        self.masters, self.groups = [], []

    def hit(self, kinds, key):
        if self.rng.random() < P[key]:
            kinds.append(key)
            return True
        return False

    def _unique(self, fn, alphabet="", valid=None):
        """A new id from fn(); with `valid`, the check character is the one from `alphabet` that passes."""
        for _ in range(1000):
            body = fn()
            for v in ([body + c for c in alphabet] if valid else [body]):
                if (valid is None or valid(v)) and v not in self.used_ids:
                    self.used_ids.add(v)
                    return v
        raise RuntimeError("cannot make a new id")

    def master_ids(self, c, city, form):
        r, D, var = self.rng, string.digits, city[3]
        up, al, ids = "ABCDEFGHJKLMNPRSTUVWXYZ", "0123456789ABCDEFGHJKLMNPQRTUWXY", []

        def d(n, chars=D):
            return "".join(r.choice(chars) for _ in range(n))

        def add(kind, *args):
            ids.append((kind, self._unique(*args)))
        if c in NORDIC:
            first, valid = {"SE": ("556559", se_orgnr), "NO": ("89", no_orgnr), "FI": ("0123", ytunnus),
                            "DK": ("1234", cvr)}[c]
            add(c, lambda: (first[:2] + r.choice(first[2:]) if c == "SE" else r.choice(first))
                + d({"SE": 6, "NO": 7, "FI": 6, "DK": 6}[c]), D, valid.is_valid)
        elif c == "DE":
            add("DECR", lambda: f"{var['_court']}|{'HRA' if form == 'KG' else 'HRB'} {r.randint(1000, 259999)}")
            if r.random() < 0.9:
                add("DEVAT", lambda: "DE" + r.choice("123") + d(7), D, de_vat.is_valid)
        elif c == "MY" and r.random() < 0.9:
            add("SSM", lambda: f"{r.randint(1990, 2021)}01{d(6)}")
        elif c == "CN" and r.random() < 0.95:
            add("USCC", lambda: "91" + var["_reg"] + d(9, al), al, uscc.is_valid)
        elif c == "IN":
            if r.random() < 0.85:
                add("CIN", lambda: f"U{r.choice(['13999', '14101', '17111', '32502'])}{var['_st']}"
                                   f"{r.randint(1985, 2020)}{'PLC' if form == 'Ltd' else 'PTC'}{d(6)}")
            if r.random() < 0.8:
                add("GSTIN", lambda: var["_gst"] + d(3, up) + "C" + d(1, up) + d(4) + d(1, up) + "1Z",
                    D + string.ascii_uppercase, gstin.is_valid)
        elif c == "VN" and r.random() < 0.95:
            add("MST", lambda: var["_mst"] + "0" + d(6), D, mst.is_valid)
        if r.random() < (0.12 if c in NORDIC else 0.25 if c == "DE" else 0.4):
            add("DUNS", lambda: r.choice("1234567") + d(8))
        if r.random() < (0.15 if c in NORDIC + ("DE",) else 0.05):
            add("GLN", lambda: GLN_PREFIX[c] + d(12 - len(GLN_PREFIX[c])), D, ean.is_valid)
        return ids

    @staticmethod
    def id_forms(kind, v):
        """[(scheme, [formats...], validator)]; for Nordic ids the national form first, then the VAT form."""
        if kind == "SE":
            return [("SE-ON", [f"{v[:6]}-{v[6:]}", v], se_orgnr.is_valid),
                    ("VAT", [f"SE{v}01", f"SE {v} 01"], se_vat.is_valid)]
        if kind == "NO":
            return [("NO-BRC", [v, f"{v[:3]} {v[3:6]} {v[6:]}"], no_orgnr.is_valid),
                    ("VAT", [f"NO{v}MVA", f"NO {v[:3]} {v[3:6]} {v[6:]} MVA", f"{v}MVA"], no_mva.is_valid)]
        if kind == "FI":
            return [("FI-PRO", [f"{v[:7]}-{v[7]}", v], ytunnus.is_valid),
                    ("VAT", [f"FI{v}", f"FI {v}"], fi_alv.is_valid)]
        if kind == "DK":
            sp = " ".join(v[i:i + 2] for i in range(0, 8, 2))
            return [("DK-CVR", [v, sp], cvr.is_valid), ("VAT", [f"DK{v}", f"DK {sp}"], cvr.is_valid)]
        if kind == "DECR":
            court, num = v.split("|")
            return [("DE-CR", [f"{court} {num}", f"{num} {court}", f"{num}, {court}"], None)]
        if kind == "DEVAT":
            return [("VAT", [v, f"DE {v[2:5]} {v[5:8]} {v[8:]}"], de_vat.is_valid)]
        if kind == "DUNS":
            return [("DUNS", [v, f"{v[:2]}-{v[2:5]}-{v[5:]}"], None)]
        scheme, ok = {"SSM": ("MY-SSM", None), "USCC": ("CN-USCC", uscc.is_valid), "CIN": ("IN-MCA", None),
                      "GSTIN": ("VAT", gstin.is_valid), "MST": ("VAT", mst.is_valid),
                      "GLN": ("GLN", ean.is_valid)}[kind]
        return [(scheme, [v], ok)]

    def record_ids(self, m, kinds):
        r, out, keys = self.rng, [], set()
        for kind, v in m["ids"]:
            if r.random() >= P["id_national" if kind in NORDIC else "id_" + kind]:
                continue
            forms = self.id_forms(kind, v)
            if kind in NORDIC:
                both = r.random() < P["id_both_forms"]
                forms = forms if both else [forms[1] if r.random() < P["id_vat_form"] else forms[0]]
                if both or forms[0][0] == "VAT":
                    kinds.append("id_vat_form")
            for scheme, fmts, ok in forms:
                text = r.choice(fmts[1:]) if len(fmts) > 1 and self.hit(kinds, "id_format_variant") else fmts[0]
                assert ok is None or ok(text), (kind, text)
                if ok is not None and self.hit(kinds, "id_broken"):
                    text = self.break_id(text, ok)
                else:
                    keys.add(f"{kind}:{v}")
                out.append({"scheme": scheme, "id": text})
        if not out:
            kinds.append("ids_missing")
        return out, keys

    def break_id(self, text, ok):
        pos = [i for i, c in enumerate(text) if c.isdigit()]
        while True:
            i = self.rng.choice(pos)
            new = text[:i] + self.rng.choice([d for d in string.digits if d != text[i]]) + text[i + 1:]
            if not ok(new):
                return new

    def new_stem(self, c, pool_fn):
        """A stem not within one edit of any other stem in the country (twins are made on purpose elsewhere)."""
        r = self.rng
        extend = {"MY": lambda: " " + r.choice(FOREIGN["MY"][0]), "PK": lambda: " " + r.choice(FOREIGN["PK"][0]),
                  "CN": lambda: r.choice(FOREIGN["CN"][0]).lower(), "IN": lambda: " " + r.choice(FOREIGN["IN"][0]),
                  "VN": lambda: " " + r.choice(FOREIGN["VN"][1])}.get(c, lambda: r.choice(NAMES[c]["suf"]))
        for attempt in range(300):
            s = pool_fn() + (extend() if attempt > 40 else "")  # pool nearly used up: lengthen the stem
            if all(not near(s, t) for t in self.stems[c]):
                self.stems[c].append(s)
                return s
        raise RuntimeError("stem pool exhausted")

    def name_tokens(self, c):
        r = self.rng
        if c in NAMES:
            nb = NAMES[c]
            free = [s for s in nb["sur"] if all(not near(s, t) for t in self.stems[c])]
            if free and r.random() < 0.15:
                stem = self.new_stem(c, lambda: r.choice(free))
                if r.random() < 0.4:
                    toks = [(stem, "stem")] + [(w, "fixed") for w in nb["sons"].split()]
                    return toks + ([(r.choice(nb["desc"]), "desc")] if r.random() < 0.3 else [])
            else:
                stem = self.new_stem(c, lambda: r.choice(nb["pre"]) + r.choice(nb["suf"]))
            toks = [(stem, "stem")] + ([(r.choice(nb["desc"]), "desc")] if r.random() < 0.85 else [])
            return toks + ([(r.choice(nb["extra"]), "desc")] if r.random() < 0.2 else [])
        words, tail, desc, extra = FOREIGN[c]
        if tail is None:
            stem = self.new_stem(c, lambda: " ".join(r.sample(words, 2)))
        elif tail == "syl":
            stem = self.new_stem(c, lambda: (lambda a, b: a + b.lower())(*r.sample(words, 2)))
        else:
            stem = self.new_stem(c, lambda: r.choice(words) + (" " if c == "VN" else "") + r.choice(tail))
        toks = [(stem, "stem"), (r.choice(desc), "desc")]
        toks += [(r.choice(extra), "desc")] if r.random() < 0.15 else []
        return ([("Shree", "pre")] if c == "IN" and r.random() < 0.2 else []) + toks

    def make_street(self, c, city):
        r, var = self.rng, city[3]
        for _ in range(300):
            n, sv, k = r.randint(1, 120), None, r.random() < 0.6
            if c in STREET:
                st = r.choice(STREET[c][0]) + r.choice(STREET[c][1])
                local = (st[0] + st[1:].lower() if c == "DE" else st) + f" {n}"
            elif c == "FI":
                fi, svs = r.choice(list(FI_STREET.items()))
                local, sv = f"{fi}{'katu' if k else 'tie'} {n}", f"{svs}{'gatan' if k else 'vägen'} {n}"
            else:
                local = {"MY": lambda: f"Lot {n}, Jalan {r.choice(MY_JALAN)} {r.randint(1, 9)}, "
                                       f"Kawasan Perindustrian {r.choice(MY_KAW)}",
                         "PK": lambda: f"{f'Plot {n}' if k else f'{n}-' + r.choice('ABCD')}, {r.choice(PK_ROADS)}",
                         "CN": lambda: f"No. {n} {r.choice(CN_ROADS)} Road, {r.choice(var['_dist'])} District",
                         "IN": lambda: f"Plot No. {n}, {r.choice(IN_ESTATES)}",
                         "VN": lambda: f"Lô {r.choice('ABCDE')}{n}, Khu công nghiệp {r.choice(var['_kcn'])}"}[c]()
            if (c, city[0], local) not in self.used_streets:
                self.used_streets.add((c, city[0], local))
                return local, sv
        raise RuntimeError("street pool exhausted")

    def make_postal(self, c, city):
        pre, n = city[1], POSTAL_LEN[c]
        code = pre + "".join(self.rng.choice(string.digits) for _ in range(n - len(pre)))
        return code[:-1] + "0" if c in ("FI", "CN") else code

    def pick_city(self, c):
        return self.rng.choices(CITIES[c], weights=[x[2] for x in CITIES[c]])[0]

    def entity(self, c, tokens=None, form=None, city=None, addr=None, moved=None, role=None):
        r = self.rng
        form, city = form or weighted(r, FORMS[c]), city or self.pick_city(c)
        if addr is None:
            addr = {"cur": self.make_street(c, city) + (self.make_postal(c, city),), "old": None}
            if moved if moved is not None else r.random() < HARD["moved"]:
                local, sv, postal = addr["cur"]
                num = local.split()[-1]
                if r.random() < 0.5 and num.isdigit():  # same street, another house number
                    alt = str(int(num) + r.choice([-4, -2, 2, 4, 6]) if int(num) > 6 else int(num) + 8)
                    addr["old"] = (local.rsplit(" ", 1)[0] + " " + alt, sv and sv.rsplit(" ", 1)[0] + " " + alt, postal)
                else:
                    addr["old"] = self.make_street(c, city) + (self.make_postal(c, city),)
        m = {"truth": f"E{len(self.masters) + 1:05d}", "country": c, "tokens": tokens or self.name_tokens(c),
             "form": form, "city": city, "addr": addr, "role": role}
        m["ids"] = self.master_ids(c, city, form)
        self.masters.append(m)
        return m

    def brand_family(self):
        r = self.rng
        stem = self.new_stem("SE", lambda: r.choice(BRAND_PRE) + r.choice(BRAND_SUF))
        for c in ("NO", "FI", "DK"):
            self.stems[c].append(stem)
        desc, with_country, members = r.choice(BRAND_DESC), r.random() < 0.5, []
        for c in ["SE"] + r.sample(["NO", "FI", "DK"], r.choice([2, 3])):
            toks = [(stem, "stem")] + ([(desc, "desc")] if desc else [])
            if with_country and (c != "SE" or r.random() < 0.7):
                toks.append((COUNTRY_WORD[c], "desc"))
            members.append(self.entity(c, tokens=toks, role="brand"))
        self.groups.append(("brand_family", members))

    def parent_sub(self):
        r = self.rng
        c = weighted(r, {"SE": 40, "NO": 12, "FI": 11, "DK": 8, "DE": 14, "MY": 10, "IN": 5})
        child_form, parent_form = PARENT_FORMS[c]
        child = self.entity(c, form=child_form, moved=False, role="child")
        stem = next(t for t, kind in child["tokens"] if kind == "stem")
        hold = "Holdings" if c in ("MY", "IN") else "Holding"
        parent = self.entity(c, tokens=[(stem, "stem"), (hold, "hold")], form=parent_form, city=child["city"],
                             addr=child["addr"], role="parent")
        self.groups.append(("parent_sub", [child, parent]))

    def twins(self):
        r = self.rng
        c = weighted(r, COUNTRY_WEIGHTS)
        a = self.entity(c, moved=False, role="twin")
        si = next(i for i, (t, kind) in enumerate(a["tokens"]) if kind == "stem")
        stem = a["tokens"][si][0]
        for _ in range(100):
            i = r.randrange(1, len(stem))
            twin = stem[:i] + r.choice(TWIN_SWAPS[stem[i]]) + stem[i + 1:] if stem[i] in TWIN_SWAPS else stem
            if all(t.lower() != twin.lower() for t in self.stems[c]):
                break
        else:
            return
        self.stems[c].append(twin)
        city = a["city"] if r.random() < 0.5 else self.pick_city(c)
        b = self.entity(c, tokens=a["tokens"][:si] + [(twin, "stem")] + a["tokens"][si + 1:], form=a["form"],
                        city=city, moved=False, role="twin")
        self.groups.append(("twins", [a, b]))

    def make_name(self, m, kinds, clean):
        r, c = self.rng, m["country"]
        toks, dmg = [list(t) for t in m["tokens"]], 0
        if c == "VN" and not clean and self.hit(kinds, "vn_native_name"):
            return ("Công ty Cổ phần " if m["form"] == "JSC" else "Công ty TNHH ") + toks[0][0], 1
        for t in toks:
            words = t[0].split(" ")
            for i, w in enumerate(words):
                alts = [AMP.get(c, "and")] if w == "&" else ABBREV.get(w)
                if t[1] != "hold" and alts and r.random() < P["name_abbrev"]:
                    words[i] = r.choice(alts)
                    kinds.append("name_abbrev")
            t[0] = " ".join(words)
        if not clean:
            drop = [i for i, t in enumerate(toks) if t[1] in ("desc", "pre")]
            if drop and self.hit(kinds, "name_token_drop"):
                del toks[r.choice(drop)]
                dmg += 1
            sw = [i for i in range(len(toks) - 1) if toks[i][1] in ("stem", "desc") and toks[i + 1][1] == "desc"]
            if sw and self.hit(kinds, "name_token_swap"):
                i = r.choice(sw)
                toks[i], toks[i + 1], dmg = toks[i + 1], toks[i], dmg + 1
            targets = [t for t in toks if t[1] in ("desc", "pre") or t[1] == "stem" and m["role"] != "twin"]
            for kind in TYPOS:
                if targets and r.random() < P[kind]:
                    t = r.choice(targets)
                    new = typo(r, t[0], kind)
                    if new and new != t[0]:
                        t[0], dmg = new, dmg + 1
                        kinds.append(kind)
        words, fam, x = [t[0] for t in toks], LEGAL[m["form"]], r.random()
        form = "" if x < P["legal_form_drop"] else \
            r.choice(fam[1:]) if x < P["legal_form_drop"] + P["legal_form_variant"] else fam[0]
        if form != fam[0]:
            kinds.append("legal_form_variant" if form else "legal_form_drop")
        if form and c in ("SE", "FI") and self.hit(kinds, "legal_form_prefix"):
            return " ".join([form] + words), dmg
        return " ".join(words + ([form] if form else [])), dmg

    def exonym(self, city, lang, kinds):
        var, r = city[3], self.rng
        if r.random() >= P["city_exonym"]:
            return city[0]
        if lang in var and r.random() < 0.7:
            name = var[lang]
        else:
            opts = [x for k, v in var.items() if k not in ("sv", "no", "fi") and not k.startswith("_")
                    and (k != "zh" or r.random() < 0.15) for x in (v if isinstance(v, list) else [v])]
            if not opts:
                return city[0]
            name = r.choice(opts)
        kinds.append("city_exonym")
        return name

    def make_address(self, m, lang, kinds, need_street):
        r, c = self.rng, m["country"]
        (local, sv, postal), kind = m["addr"]["cur"], "cur"
        if m["addr"]["old"] and self.hit(kinds, "addr_old"):
            (local, sv, postal), kind = m["addr"]["old"], "old"
        street = local
        if c in PO_BOX and not need_street and self.hit(kinds, "addr_po_box"):
            street, postal, kind = PO_BOX[c].format(r.randint(2, 9999)), self.make_postal(c, m["city"]), "box"
        elif not need_street and self.hit(kinds, "addr_blank"):
            street, kind = "", None
        if kind in ("cur", "old"):
            if sv and lang == "sv" and self.hit(kinds, "addr_other_language"):
                street = sv
            rules = [(p, s) for p, s in ADDR_ABBREV[c] if re.search(p, street)]
            if rules and self.hit(kinds, "addr_abbrev"):
                for p, s in r.sample(rules, r.randint(1, len(rules))):
                    street = re.sub(p, s, street, count=1)
            if self.hit(kinds, "addr_extra"):
                street += r.choice(ADDR_EXTRA[c])
            if self.hit(kinds, "addr_typo"):
                street = typo(r, street, r.choice(TYPOS[:4])) or street
        fmts = POSTAL_FMT[c]
        fmt = r.choice(fmts[1:]) if len(fmts) > 1 and self.hit(kinds, "postal_format") else fmts[0]
        ptxt = fmt.format(c=postal, a=postal[:3], b=postal[3:])
        if ptxt.startswith("0") and self.hit(kinds, "postal_zero_lost"):
            ptxt = ptxt.lstrip("0")
        ptxt = "" if self.hit(kinds, "postal_blank") else ptxt
        city = "" if self.hit(kinds, "city_blank") else self.exonym(m["city"], lang, kinds)
        if street and self.hit(kinds, "addr_inline_postal"):
            street, ptxt = f"{street}, {fmts[0].format(c=postal, a=postal[:3], b=postal[3:])} {m['city'][0]}", ""
        return street, ptxt, city, kind

    def record(self, m, partner, clean=False):
        r, lang, kinds = self.rng, PARTNER_LANG[partner], []
        name, dmg = self.make_name(m, kinds, clean)
        ids, keys = self.record_ids(m, kinds)
        street, postal, city, akind = self.make_address(m, lang, kinds, need_street=m["role"] == "twin")
        x, vn, fix = r.random(), m["country"] == "VN", None
        if vn and x < P["vn_tones_stripped"] or not vn and x < P["diacritics_strip"]:
            fix, kind = strip_diacritics, "diacritics_strip"
        elif not vn and x < P["diacritics_strip"] + P["diacritics_translit"]:
            fix, kind = transliterate, "diacritics_translit"
        if fix and any(fix(s) != s for s in (name, street, city)):
            name, street, city = fix(name), fix(street), fix(city)
            kinds.append(kind)
        if self.hit(kinds, "record_upper"):
            name, street, city = name.upper(), street.upper(), city.upper()
        else:
            y, lo = r.random(), 0
            for key, fn in (("name_upper", str.upper), ("name_lower", str.lower), ("name_title", str.title)):
                if lo <= y < lo + P[key]:
                    name = fn(name)
                    kinds.append(key)
                lo += P[key]
        return {"record_id": "", "partner": partner, "name": name, "country": m["country"], "identifiers": ids,
                "address": street, "postal_code": postal, "city": city, "truth": m["truth"],
                "_dmg": dmg, "_keys": keys, "_akind": akind, "_kinds": kinds}

    def cluster(self, m):
        r, c = self.rng, m["country"]
        k = r.choice([1, 1, 1, 2, 2, 3]) if m["role"] == "parent" else \
            r.choices(range(1, 10), weights=CLUSTER_SIZE_WEIGHTS)[0]
        w = {p: 1.0 for p in PARTNERS}
        if c == "SE":
            w.update({"region-skane": 3, "region-vgr": 3, "region-stockholm": 3, "region-ostergotland": 2,
                      "region-kalmar": 1.5, "region-jonkoping": 1.5, "adda": 2.5, "sykehusinnkjop": .6, "hus": .5})
        elif c in ("NO", "FI"):
            w["sykehusinnkjop" if c == "NO" else "hus"] = 6
        elif c == "MY":  # the regions that audited glove makers
            w.update({"region-ostergotland": 2, "region-kalmar": 2, "region-jonkoping": 2})
        partners = sorted(PARTNERS, key=lambda q: -r.random() ** (1 / w[q]))[:k]  # weighted, no replacement
        if k >= 2 and r.random() < HARD["same_partner_dup"]:
            partners[-1] = partners[0]  # a duplicate inside one partner's register
        recs = [self.record(m, p) for p in partners]
        for _ in range(50):  # repair pairs that a human could not justify
            bad = next(((a, b) for i, a in enumerate(recs) for b in recs[i + 1:] if not justified(a, b)), None)
            if bad is None:
                break
            worst = max(bad, key=lambda x: x["_dmg"])
            recs[recs.index(worst)] = self.record(m, worst["partner"], clean=True)
        return recs


def justified(a, b):
    d = a["_dmg"] + b["_dmg"]
    same_addr = a["_akind"] in ("cur", "old") and a["_akind"] == b["_akind"] and a["address"] and b["address"]
    return bool(a["_keys"] & b["_keys"]) or d <= 2 or bool(same_addr and d <= 4)


def generate(n_entities: int, seed: int, _stats: dict = None) -> list:
    g = Generator(seed)
    r = g.rng
    cut = [HARD["brand_family"], HARD["brand_family"] + HARD["parent_sub"],
           HARD["brand_family"] + HARD["parent_sub"] + HARD["twins"]]
    while len(g.masters) < n_entities:
        left, x = n_entities - len(g.masters), r.random()
        if x < cut[0] and left >= 4:
            g.brand_family()
        elif cut[0] <= x < cut[1] and left >= 2:
            g.parent_sub()
        elif cut[1] <= x < cut[2] and left >= 2:
            g.twins()
        else:
            g.entity(weighted(r, COUNTRY_WEIGHTS))
    records = [rec for m in g.masters for rec in g.cluster(m)]
    r.shuffle(records)
    counters = {p: r.randint(1000, 50000) for p in PARTNERS}
    for rec in records:
        counters[rec["partner"]] += r.randint(1, 7)
        rec["record_id"] = RECORD_ID_FMT[rec["partner"]].format(counters[rec["partner"]])
    if _stats is not None:
        _stats.update(masters=g.masters, groups=g.groups,
                      kinds=Counter(k for rec in records for k in set(rec["_kinds"])),
                      no_valid_id=sum(not rec["_keys"] for rec in records),
                      ids_total=sum(len(rec["identifiers"]) for rec in records))
    for rec in records:
        for k in ("_dmg", "_keys", "_akind", "_kinds"):
            del rec[k]
    assert len({(x["partner"], x["record_id"]) for x in records}) == len(records)
    return records


def print_stats(records, st):
    def out(*a):
        print(*a, file=sys.stderr)
    sizes = Counter(rec["truth"] for rec in records)
    hist = Counter(sizes.values())
    out(f"records: {len(records)}   entities: {len(sizes)}")
    out("cluster-size histogram: " + ", ".join(f"{k}:{hist[k]}" for k in sorted(hist)))
    out(f"true pairs: {sum(k * (k - 1) // 2 for k in sizes.values())}")
    out("entities per country: " + ", ".join(f"{c}:{n}" for c, n in
                                             Counter(m["country"] for m in st["masters"]).most_common()))
    out("records per partner: " + ", ".join(f"{p}:{n}" for p, n in
                                            Counter(rec["partner"] for rec in records).most_common()))
    out(f"moved entities (old address exists): {sum(1 for m in st['masters'] if m['addr']['old'])}")
    for case in ("brand_family", "parent_sub", "twins"):
        gs = [ms for kind, ms in st["groups"] if kind == case]
        pairs = sum(sizes[a["truth"]] * sizes[b["truth"]] for ms in gs for i, a in enumerate(ms) for b in ms[i + 1:])
        out(f"hard case {case}: groups {len(gs)}, entities {sum(len(ms) for ms in gs)}, "
            f"cross-entity record pairs (must stay apart) {pairs}")
    dup = sum(1 for n in Counter((rec["truth"], rec["partner"]) for rec in records).values() if n > 1)
    out(f"same-partner duplicates (entity, partner): {dup}")
    out(f"identifiers emitted: {st['ids_total']}, broken on purpose: {st['kinds']['id_broken']} records, "
        f"records with no valid id: {st['no_valid_id']}")
    out("corruption kinds (records affected):")
    for k, n in sorted(st["kinds"].items(), key=lambda kv: -kv[1]):
        out(f"  {k:22s} {n:6d}  ({100 * n / len(records):.1f}%)")


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    n, seed = (int(args[0]) if args else 1300), (int(args[1]) if len(args) > 1 else 1)
    st = {} if "--stats" in argv else None
    records = generate(n, seed, _stats=st)
    for rec in records:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if st is not None:
        print_stats(records, st)


if __name__ == "__main__":
    main(sys.argv[1:])
