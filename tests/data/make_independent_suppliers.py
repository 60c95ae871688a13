"""Independent labelled supplier records for entity-resolution tests (stand-in for the held-out set).

Written blind to the resolver and to make_labelled_suppliers.py, from what partner ERP / supplier-register
exports look like. A record is {record_id, partner, name, country, identifiers, address, postal_code, city,
truth}; truth is the legal entity. Entities in SE NO FI DK DE MY PK CN IN VN are held by 1-6 partners; ~8%
are held twice by one partner (second site, or an old record marked "ANVÄND EJ"). Each partner has export
habits (ALL CAPS, 30/35/40-char name fields, ASCII-only, legal form dropped, VAT vs national id form, its
own scheme labels for CN/IN/VN ids, postcode style, exonyms like Tukholma/Helsingfors), and every record
gets noise: legal-form variants (Aktiebolaget, Oy Ab, S/B, Sendirian Berhad, (Pvt.) Ltd., Co.,Ltd, Joint
Stock Company), & -> och/og/ja/and/&amp;, abbreviations, typos, stripped or transliterated diacritics,
street abbreviations (g., vn., k., Str., Jln, Rd), P.O. boxes, missing fields. Identifiers carry real
check digits (python-stdnum); ~3% of carried checksummed ids have a broken check digit (absent, not a
conflict) and a few VAT numbers sit in the national-number field. Foreign makers mostly have no id.

Hard cases, all labelled distinct: brand families (one brand as separate companies in SE/NO/FI/DK, some
DE); parent/sister companies at one address (X AB / X Holding AB / X Group AB (publ), X Sdn Bhd / X Berhad,
X GmbH / X GmbH & Co. KG -- the same-name pairs always show their register number); unrelated firms one
letter apart in one town (Sialkot instrument makers, Klang/Ipoh glove makers, Shaoxing textile mills),
always with a street address and with different ids where ids are shown; same or generic names in two
cities of one country. Guards keep accidental look-alikes out: core names in one country are more than
one edit apart unless meant to be, and a typo never yields another entity's name.

Usage: python tests/data/make_independent_suppliers.py N_ENTITIES SEED   (1300 entities -> ~3,500 records)
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from random import Random

from stdnum import ean
from stdnum.cn import uscc
from stdnum.de import vat as de_vat
from stdnum.dk import cvr
from stdnum.fi import ytunnus
from stdnum.in_ import gstin
from stdnum.iso7064 import mod_97_10
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.vn import mst

W = str.split
# rid, language, P(upper), P(ascii export), name field width, P(drop legal form), P(abbreviate),
# P(VAT form for a home-country supplier), scheme labels for CN/IN/VN ids.
PROF = {
    "region-skane": ("LEV{:06d}", "sv", .05, .05, 0, .15, .15, .15, ("CN-SAIC", "VAT", "VAT")),
    "region-vgr": ("{:07d}", "sv", .9, .05, 35, .1, .3, .1, ("CN-USCC", "VAT", "VAT")),
    "region-stockholm": ("SLL-{:05d}", "sv", .1, .1, 0, .2, .1, .3, ("CN-SAIC", "IN-GSTIN", "VN-MST")),
    "region-ostergotland": ("RO{:06d}", "sv", .2, .7, 40, .1, .2, .1, ("CN-SAIC", "VAT", "VAT")),
    "region-kalmar": ("K-{:05d}", "sv", .6, .3, 30, .3, .3, .1, ("CN-USCC", "VAT", "VN-MST")),
    "region-jonkoping": ("RJL{:05d}", "sv", .05, .05, 0, .35, .25, .2, ("CN-SAIC", "VAT", "VAT")),
    "adda": ("ADDA-{:06d}", "sv", .05, 0, 0, .05, .05, .5, ("CN-SAIC", "IN-GSTIN", "VAT")),
    "sykehusinnkjop": ("SI{:07d}", "nb", .3, .15, 35, .1, .2, .2, ("CN-USCC", "VAT", "VAT")),
    "hus": ("HUS-{:06d}", "fi", .15, .1, 0, .15, .15, .3, ("CN-SAIC", "VAT", "VN-MST")),
}
HOME = {p: ("NO" if p == "sykehusinnkjop" else "FI" if p == "hus" else "SE") for p in PROF}
CONN = {"sv": "och", "nb": "og", "fi": "ja"}
DEAD = {"sv": [" - ANVÄND EJ", " (gammal)", " EJ AKTIV"], "nb": [" (utgått)", " - IKKE BRUK"], "fi": [" (ei käytössä)", " VANHA"]}
NORDIC = ("SE", "NO", "FI", "DK")

# City;postcode prefix;exonyms (lang=name, "en" used by anyone);register code (CN region, IN state, VN province, DE court)
_C = {"SE": "Stockholm;11;fi=Tukholma|Göteborg;41;en=Gothenburg|Malmö;21|Mölndal;431|Uppsala;75|Solna;169|Linköping;58|Jönköping;55|"
            "Kalmar;39|Lund;22|Helsingborg;25|Västerås;72|Örebro;70|Norrköping;60|Borås;50|Umeå;90",
      "NO": "Oslo;0|Bergen;5|Trondheim;70|Stavanger;40|Drammen;30|Lysaker;1366|Fornebu;1364|Tromsø;90|Kristiansand;46",
      "FI": "Helsinki;00;sv=Helsingfors|Espoo;02;sv=Esbo|Vantaa;01;sv=Vanda|Tampere;33;sv=Tammerfors|Turku;20;sv=Åbo|"
            "Oulu;90;sv=Uleåborg|Kuopio;70|Lahti;15;sv=Lahtis",
      "DK": "København;2;en=Copenhagen,sv=Köpenhamn,fi=Kööpenhamina|Aarhus;8;sv=Århus|Odense;5|Kolding;60|Herlev;2730|Ballerup;2750|Vejle;71",
      "DE": "München;8;en=Munich;München|Hamburg;2;;Hamburg|Köln;50;en=Cologne;Köln|Tuttlingen;7853;;Stuttgart|Berlin;1;;Berlin (Charlottenburg)|"
            "Frankfurt am Main;60;en=Frankfurt;Frankfurt am Main|Nürnberg;90;en=Nuremberg;Nürnberg|Düsseldorf;40;;Düsseldorf|"
            "Hannover;30;en=Hanover;Hannover|Freiburg;79;;Freiburg",
      "MY": "Klang;41|Port Klang;42|Ipoh;31|Kulim;09|Shah Alam;40|Kuala Lumpur;5;en=KL|Seremban;70|Taiping;34|Bangi;43",
      "PK": "Sialkot;513|Sialkot;513|Sialkot;513|Sialkot;513|Sialkot;513|Sialkot;513|Lahore;54|Karachi;74|Faisalabad;38|Wazirabad;52",
      "CN": "Shaoxing;3120;;330602|Ningbo;3150;;330201|Suzhou;2150;;320506|Shenzhen;5180;;440300|Dongguan;5230;;441900|"
            "Hangzhou;3100;;330106|Qingdao;2660;;370212|Xiamen;3610;;350203|Wuxi;2140;;320211|Nantong;2260;;320602",
      "IN": "Mumbai;400;en=Bombay;27|Chennai;600;en=Madras;33|Bengaluru;560;en=Bangalore;29|Tiruppur;641;en=Tirupur;33|Ahmedabad;380;;24|"
            "New Delhi;110;en=Delhi;07|Coimbatore;641;;33|Ludhiana;141;;03|Vadodara;390;en=Baroda;24",
      "VN": "Hồ Chí Minh;700;en=Ho Chi Minh City;03|Hà Nội;100;en=Hanoi;01|Đà Nẵng;550;;04|Biên Hòa;810;;36|Thủ Dầu Một;820;;37|"
            "Hải Phòng;180;en=Haiphong;02"}
CITIES = {cc: [(c + [""] * 4)[:4] for c in (x.split(";") for x in v.split("|"))] for cc, v in _C.items()}
CITIES = {cc: [(n, p, dict(kv.split("=") for kv in ex.split(",") if kv), code) for n, p, ex, code in v] for cc, v in CITIES.items()}
PCLEN = {"SE": 5, "NO": 4, "FI": 5, "DK": 4, "DE": 5, "MY": 5, "PK": 5, "CN": 6, "IN": 6, "VN": 6}
CITY_X = {"Hồ Chí Minh": ["HCMC", "TP. Hồ Chí Minh", "Saigon", "Ho Chi Minh"], "Kuala Lumpur": ["K. Lumpur"], "Klang": ["Klang, Selangor"],
          "Ipoh": ["Ipoh, Perak"], "Sialkot": ["SIALKOT", "Sialkot-Pakistan"], "Shaoxing": ["Shaoxing City", "Shaoxing, Zhejiang"],
          "Tiruppur": ["Tirupur, Tamil Nadu"], "København": ["København Ø", "Kbh"]}
GLN_PFX = {"SE": "73", "NO": "70", "FI": "64", "DK": "57", "DE": "40", "MY": "955", "CN": "690", "IN": "890", "VN": "893", "PK": "896"}

SUR = {"SE": W("Andersson Lindqvist Öberg Åkesson Sjöström Bäckström Nyström Holmgren Wikström Engström Lundgren Bergström "
               "Håkansson Sandberg Forsberg Löfgren Ekström Dahlberg Hedlund Blomqvist Sundin Nordén Wallin Törnqvist"),
       "NO": W("Hansen Johansen Sørensen Bjørnstad Haugen Løkken Solberg Berge Dahl Strand Hagen Nygård Aasen Bakke Moen "
               "Fjeld Sæther Haaland Brekke Øien Husby Tveit Grønli Kvam"),
       "FI": W("Virtanen Mäkinen Nieminen Hämäläinen Koskinen Järvinen Heikkinen Lehtonen Salonen Laaksonen Räsänen Kettunen "
               "Lindholm Karjalainen Väisänen Mattila Rantanen Heinonen Hietala Ahola Pöyhönen Kärkkäinen Saarinen Lahtinen"),
       "DK": W("Jensen Nielsen Møller Kjær Rasmussen Pedersen Christensen Thomsen Mikkelsen Frederiksen Bøgh Kragh Dalgaard "
               "Østergaard Bech Holm Skov Juhl Vestergaard Friis Søndergaard Laursen Mørch Dybdahl"),
       "DE": W("Müller Schäfer Weiß Becker Groß Schröder Köhler Krüger Hoffmann Wagner Fischer Keller Braun Zimmermann "
               "Hartmann Lange Vogel Günther Jäger Bauer Schulze Lorenz Martin Straub"),
       "PK": W("Ghani Rehman Anwar Akhtar Bashir Faisal Hamid Iqbal Javed Karim Latif Nadeem Rafiq Saeed Tariq Usman Zafar "
               "Shafiq Imran Asif Aslam Khalid Majid Naveed Qasim Hilal Sadiq Waqar Arif Noor"),
       "IN": W("Sharma Patel Mehta Reddy Iyer Agarwal Gupta Shah Kapoor Nair Rao Desai Joshi Bhatt Menon Shree Sri Ganesh "
               "Lakshmi Surya Amrit Vardhman Arvind Balaji Kaveri Ganga Sai Jai")}
BIZ = {"SE": W("Medical Medicinteknik Sjukvårdsprodukter Laboratorieteknik Hygien Vårdprodukter Textil Diagnostik Ortopedi Dental Rehab Instrument Emballage Handskar Kirurgi"),
       "NO": W("Medisinsk Medisinteknikk Sykehusutstyr Laboratorieutstyr Helse Hygiene Tekstil Ortopedi Dental Diagnostikk Rehab Instrumenter"),
       "FI": W("Lääkintä Terveys Hoitotarvike Laboratorio Medical Tekstiili Hygienia Instrumentti Diagnostiikka Ortopedia Dental"),
       "DK": W("Medico Hospitalsudstyr Laboratorieudstyr Hygiejne Sundhed Tekstil Diagnostik Ortopædi Dental"),
       "DE": W("Medizintechnik Chirurgie-Instrumente Labortechnik Hygiene Textil Verbandstoffe Diagnostik Orthopädie Dental"),
       "MY": ["Glove", "Gloves", "Latex", "Rubber Industries", "Medical Products", "Healthcare", "Polymer", "Glove Industries", "Rubber Products"],
       "PK": ["Surgical", "Surgical Instruments", "Instruments", "Surgico", "Medical Industries", "Dental", "Surgical Works", "Brothers", "Enterprises"],
       "CN": ["Textile", "Garment", "Medical Supplies", "Medical Products", "Electronics", "Nonwoven", "Latex Products", "Knitting", "Dyeing & Printing", "Plastic Products"],
       "IN": ["Healthcare", "Textiles", "Surgicals", "Pharma", "Exports", "Knit Fab", "Garments", "Medicare", "Polymers", "Meditech"],
       "VN": ["Garment", "Textile", "Medical", "Rubber", "Plastic", "Medical Equipment", "Latex"]}
PLACE = {"SE": W("Svenska Nordiska Skandinaviska Västsvenska Norrländska Skånska"), "NO": W("Norsk Nordisk Vestlandske Skandinavisk"),
         "FI": W("Suomen Pohjolan Nordic Itä-Suomen"), "DK": W("Dansk Nordisk Jysk Skandinavisk"), "DE": W("Deutsche Süddeutsche Hanseatische")}
PRE = W("Medi Scandi Nord Vita Cura Steri Ortho Derma Hemo Lab Prima Opti Bio Eco Aqua Sano Clini Inno Uni Neo Alfa Vivo Meda Sana Tria Pola")
SUF = W("tek med ca lab via line plus gen vance form quip sys nova care tech ix on ex dent")
MY_PRE = W("Seri Permata Tunas Bintang Cahaya Sinar Maju Mega Hevea Kenanga Delima Mutiara Gemilang Intan Suria Wawasan Harmoni Puncak Perdana Sejati Latexx Prima Asia Uni Sri")
CN_SYL = W("Hua Xin Heng Sheng Tai Feng Long Da Jin Yuan Kang Mei Yi Tong Hong Rui Xiang Fu Bao Cheng Ming An De Hai Jia Kai Li Tian Wei Yu Zhong")
VN_PRE = ["Thành Công", "Minh Long", "Việt Thắng", "Hòa Bình", "Phú Thịnh", "Tân Phú", "Nam Việt", "Đông Tâm", "Hưng Thịnh", "Bảo Minh",
          "Sài Gòn", "Đức Thành", "Thiên An", "An Phát", "Phước Long", "Kim Ngân", "Hoàng Gia", "Trường Sơn"]
GENERIC = {"IN": ["Medical Supplies", "Surgical Products", "Healthcare Products", "Sterile Products"],
           "PK": ["Surgical Instruments", "Medical Industries", "Surgical Works", "Hospital Supplies"],
           "DE": ["Medizinprodukte Vertrieb", "Krankenhausbedarf", "Labor- und Medizintechnik", "Sanitätshaus Zentrum"]}
FORM_MIX = {"SE": {"AB": 95, "AB (publ)": 5}, "NO": {"AS": 92, "ASA": 8}, "FI": {"Oy": 92, "Oyj": 8}, "DK": {"A/S": 6, "ApS": 4},
            "DE": {"GmbH": 85, "AG": 8, "GmbH & Co. KG": 7}, "MY": {"Sdn Bhd": 95, "Berhad": 5}, "PK": {"(Pvt) Ltd": 9, "Limited": 1},
            "IN": {"Private Limited": 7, "Limited": 3}, "VN": {"JSC": 6, "Co., Ltd.": 4}, "CN": {"Co., Ltd.": 1}}
FORMS = {
    "AG": ["{} AG"] * 3 + ["{} Aktiengesellschaft"], "AB": ["{} AB"] * 6 + ["{} Aktiebolag", "{} Ab", "Aktiebolaget {}", "{} AB."],
    "AB (publ)": ["{} AB (publ)"] * 3 + ["{} AB", "{} AB (PUBL)", "{} Aktiebolag (publ)", "{} AB publ"], "ASA": ["{} ASA"] * 4 + ["{} AS"],
    "AS": ["{} AS"] * 4 + ["{} A/S", "{} A.S.", "{} As"], "Oyj": ["{} Oyj"] * 4 + ["{} OYJ", "{} Oyj Abp", "{} Oy"],
    "Oy": ["{} Oy"] * 4 + ["{} OY", "{} Osakeyhtiö", "Oy {}", "{} Oy Ab", "Oy {} Ab"], "Limited": ["{} Limited"] * 2 + ["{} Ltd", "{} Ltd."],
    "A/S": ["{} A/S"] * 4 + ["{} AS", "{} A-S", "{} a/s", "Aktieselskabet {}"], "ApS": ["{} ApS"] * 4 + ["{} Aps", "{} APS", "{} Anpartsselskab"],
    "GmbH": ["{} GmbH"] * 5 + ["{} GMBH", "{} Gmbh", "{} G.m.b.H.", "{} Gesellschaft mit beschränkter Haftung"],
    "GmbH & Co. KG": ["{} GmbH & Co. KG"] * 3 + ["{} GmbH & Co KG", "{} GmbH u. Co. KG", "{} GmbH & Co.KG"],
    "Sdn Bhd": ["{} Sdn Bhd"] * 2 + ["{} Sdn. Bhd.", "{} SDN BHD", "{} Sendirian Berhad", "{} Sdn.Bhd.", "{} S/B"],
    "Berhad": ["{} Berhad"] * 2 + ["{} Bhd", "{} Bhd.", "{} BERHAD"], "JSC": ["{} JSC"] * 2 + ["{} Joint Stock Company", "{} J.S.C", "Công ty Cổ phần {}"],
    "(Pvt) Ltd": ["{} (Pvt) Ltd"] * 2 + ["{} (Pvt.) Ltd.", "{} Pvt. Ltd.", "{} Private Limited", "{} (Private) Limited", "{} Pvt Ltd", "{} (PVT) LTD"],
    "Private Limited": ["{} Private Limited"] * 2 + ["{} Pvt. Ltd.", "{} Pvt Ltd", "{} (P) Ltd", "{} Private Ltd"],
    "Co., Ltd.": ["{} Co., Ltd."] * 2 + ["{} Co. Ltd", "{} Company Limited", "{} Co.,Ltd", "{} CO LTD", "{} Co Ltd", "{} Co., Ltd"]}
# (distinguishing word, legal form) of a parent/sister company at the same address; "" = same name, other form
SUBS = {"SE": [("Holding", "AB"), ("Group", "AB (publ)"), ("Sverige", "AB"), ("Invest", "AB")],
        "NO": [("Holding", "AS"), ("Group", "ASA"), ("Norge", "AS")], "FI": [("Group", "Oyj"), ("Holding", "Oy"), ("Suomi", "Oy")],
        "DK": [("Holding", "ApS"), ("Group", "A/S"), ("Danmark", "A/S")],
        "DE": [("", "GmbH & Co. KG"), ("Holding", "GmbH"), ("Verwaltungs", "GmbH"), ("Beteiligungs", "GmbH")],
        "MY": [("", "Berhad"), ("Holdings", "Berhad"), ("Group", "Sdn Bhd")], "PK": [("Group", "(Pvt) Ltd"), ("Holdings", "(Pvt) Ltd")],
        "CN": [("Group", "Co., Ltd."), ("Import & Export", "Co., Ltd.")], "IN": [("Group", "Limited"), ("Holdings", "Private Limited")],
        "VN": [("Group", "JSC")]}
DROPW = set(W("industries manufacturing enterprises trading products instruments works exports mills"))
ABBR = {"Medical": ["Med."], "International": ["Intl", "Int'l"], "Industries": ["Ind.", "Inds"], "Instruments": ["Instr."],
        "Products": ["Prod."], "Technology": ["Tech."], "Brothers": ["Bros."], "Surgical": ["Surg."], "Equipment": ["Equip."],
        "Skandinaviska": ["Skand."], "Svenska": ["Sv."], "Sjukvårdsprodukter": ["Sjukv.prod."], "Medicinteknik": ["Med.teknik"],
        "Laboratorieteknik": ["Lab.teknik"], "Medisinteknikk": ["Med.teknikk"], "Medizintechnik": ["Med.-Technik"],
        "Textiles": ["Tex"], "Healthcare": ["Health Care"], "Rubber": ["Rbr"], "Garment": ["Gmt"]}
STREET = {"SE": (W("Industri Verkstads Fabriks Kungs Drottning Stor Hamn Sjö Skol Kyrko Järnvägs Lager Ängs Björk Ek Lind Fridhems Åsens Mölndals"), W("gatan vägen gatan vägen backen allén")),
          "NO": (W("Industri Sandakers Kirke Stor Havne Lille Dronning Kongs Sjø Fjord Skog Bjørke Økern Strand Verksteds"), W("veien gata gate veien vegen")),
          "FI": (W("Teollisuus Mannerheimin Tehtaan Kauppa Satama Koivu Mäki Järvi Ranta Metsä Pajala Valimo Sähkö Koulu"), W("katu tie katu kuja")),
          "DK": (W("Industri Fabriks Kongens Strand Hav Skov Bøge Sønder Nørre Vester Øster Lyng Mølle"), W("vej gade vej allé")),
          "DE": (W("Industrie Bahnhof Haupt Markt Schiller Goethe Garten Mühlen Kirch Wald Linden Berg Max-Planck- Robert-Koch- Daimler"), W("straße straße weg allee ring"))}
FOREIGN_ST = {
    "MY": ["Lot {n}, Jalan {w}", "No. {n}, Jalan {w}, Kawasan Perindustrian {w2}", "Lot {n}, Kawasan Perindustrian {w2}"],
    "PK": ["{n} {w} Road", "Plot {n}, Small Industrial Estate", "{n}-A, {w} Road"],
    "CN": ["No. {n} {w} Road, {w2} District", "No. {n} {w} Road, {w2} Industrial Zone"],
    "IN": ["Plot No. {n}, {w}", "{n}, {w}, {w2} Road"], "VN": ["Lot {n}, {w} Industrial Park", "{n} {w2} Street"]}
FOREIGN_W = {"MY": (W("Kapar Meru Tandang Lahat Kebun Tasek Perusahaan Sungai_Puloh Bukit_Kemuning Klang_Lama"), W("Meru Kamunting Tasek Bukit_Rahman_Putra Nilai Kulim_Hi-Tech")),
             "PK": (W("Kashmir Daska Paris Ugoki Sambrial Wazirabad Defence Pasrur Airport Kutchery"), ["x"]),
             "CN": (W("Zhongshan Renmin Jiefang Jianshe Huancheng Keji Chuangye Gongye Xinhua Binhai Yongle"), W("Keqiao Yuecheng Beilun Wuzhong Baoan Changan Xiaoshan Huangdao")),
             "IN": (["MIDC Industrial Area", "GIDC Estate", "Peenya Industrial Area", "SIDCO Industrial Estate", "Okhla Industrial Area Phase II", "Focal Point"], W("Avinashi Station Mill Ring")),
             "VN": (["Sóng Thần", "Biên Hòa 2", "Vĩnh Lộc", "Hiệp Phước", "Tân Tạo", "Nhơn Trạch"], ["Nguyễn Văn Linh", "Lê Duẩn", "Trần Hưng Đạo", "Võ Văn Kiệt"])}
ADDR_ABBR = {"SE": [("gatan", ["g.", "g"]), ("vägen", ["v.", "väg"])], "NO": [("veien", ["vn.", "v."]), ("gate", ["gt."]), ("gata", ["gt."])],
             "FI": [("katu", ["k."]), ("tie", ["t."])], "DK": [("gade", ["g."]), ("vej", ["v."])], "DE": [("straße", ["str.", "strasse"]), ("Straße", ["Str.", "Strasse"])],
             "MY": [("Jalan", ["Jln.", "Jln"]), ("Kawasan Perindustrian", ["Kaw. Perindustrian", "Kaw. Perind."])],
             "PK": [("Road", ["Rd.", "Rd"]), ("Small Industrial Estate", ["S.I.E.", "Small Ind. Estate"])],
             "CN": [("Road", ["Rd.", "Lu"]), ("District", ["Dist."]), ("Industrial Zone", ["Ind. Zone"])],
             "IN": [("Plot No.", ["Plot", "P. No."]), ("Industrial Area", ["Ind. Area", "Indl. Area"]), ("Road", ["Rd"])],
             "VN": [("Industrial Park", ["IP", "Ind. Park", "KCN"]), ("Street", ["St."])]}
BOX = {"SE": "Box {n}", "NO": "Postboks {n}", "FI": "PL {n}", "DK": "Postboks {n}", "DE": "Postfach {n}", "PK": "P.O. Box {n}"}
CW = {"SE": 28, "NO": 11, "FI": 11, "DK": 8, "DE": 9, "MY": 9, "PK": 7, "CN": 9, "IN": 5, "VN": 4}
TRANS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D"})
GERMANISH = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Å": "Aa", "Ø": "Oe"})


def fold(s: str, german: bool = False) -> str:
    """Diacritics stripped (ø->o, æ->ae, ß->ss), or German-style first (ä->ae, ö->oe, å->aa)."""
    s = (s.translate(GERMANISH) if german else s).translate(TRANS)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def norm(s: str) -> str:
    return " ".join(t for t in re.findall(r"[a-z0-9]+", fold(s).lower()) if t not in DROPW)


def dels(s: str) -> set[str]:
    """Deletion neighbourhood: two strings one edit apart share a key."""
    s = s.replace(" ", "")
    return {s} | {s[:i] + s[i + 1:] for i in range(len(s))}


def wpick(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]
NAT_OK = {"SE": se_orgnr.is_valid, "NO": no_orgnr.is_valid, "DK": cvr.is_valid,
          "FI": lambda s: ytunnus.is_valid(s[:7] + "-" + s[7:]), "DE": lambda s: de_vat.is_valid("DE" + s)}
NAT_BASE = {"SE": (("556", "559"), 6), "NO": ("89", 7), "FI": ("0123", 6), "DK": ("1234", 6), "DE": ("123", 7)}   # first digits, then n
IN_ST = {"27": "MH", "33": "TN", "29": "KA", "24": "GJ", "07": "DL", "03": "PB"}
UP, AN = "ABCDEFGHJKLMNPRSTUVWXYZ", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


class Gen:
    def __init__(self, seed: int):
        self.r, self.ents, self.used = Random(seed), [], set()
        self.names: dict = {}     # (country, norm(core)) -> truth
        self.near: dict = {}      # (country, deletion key) -> truths: keeps unintended look-alikes out

    def d(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def uniq(self, make, valid, alphabet="0123456789"):
        while True:
            base = make()
            ok = [base + c for c in alphabet if valid(base + c)]
            if ok and ok[0] not in self.used:
                self.used.add(ok[0])
                return ok[0]

    def make_ids(self, e):
        r, cc, code, d, ids = self.r, e["cc"], e["city"][3], self.d, {}
        if cc in NAT_OK:
            ids["nat"] = self.uniq(lambda: r.choice(NAT_BASE[cc][0]) + d(NAT_BASE[cc][1]), NAT_OK[cc])
            if cc == "DE" and r.random() < .4:
                ids["DE-CR"] = f"{code} {'HRA' if 'KG' in e['form'] else 'HRB'} {r.randint(1000, 239999)}"
        elif cc == "CN":
            ids["uscc"] = self.uniq(lambda: "91" + code + "MA" + "".join(r.choice(AN) for _ in range(7)), uscc.is_valid, AN)
        elif cc == "IN":
            ids["gst"] = self.uniq(lambda: code + "".join(r.choice(UP) for _ in range(3)) + "C" + fold(e["core"])[0].upper() + d(4)
                                   + r.choice(UP) + "1Z", gstin.is_valid, AN)
            if r.random() < .5:
                ids["IN-MCA"] = f"U{r.choice(['33112', '17111', '24230'])}{IN_ST[code]}{r.randint(1990, 2020)}PTC{d(6)}"
        elif cc == "VN":
            ids["mst"] = self.uniq(lambda: code + d(7), lambda s: len(s) == 10 and mst.is_valid(s))
        elif cc == "MY":
            ids["MY-SSM"] = self.uniq(lambda: f"{r.randint(1985, 2021)}01{d(6)}", lambda s: True, [""])
        elif cc == "PK" and r.random() < .5:
            ids["PK-NTN"] = self.uniq(lambda: f"{d(7)}-{d(1)}", lambda s: True, [""])
        if r.random() < (.22 if cc in NAT_OK else .35):
            ids["DUNS"] = self.uniq(lambda: r.choice("123456789") + d(8), lambda s: True, [""])
        if r.random() < (.2 if cc in NAT_OK else .07):
            ids["GLN"] = self.uniq(lambda: (GLN_PFX[cc] + d(11))[:12], ean.is_valid)
        if r.random() < (.6 if e["form"] in ("AB (publ)", "ASA", "Oyj", "Berhad", "Limited", "AG") else .06):
            base = r.choice(["5493", "2138", "5299", "3157"]) + "00" + "".join(r.choice(AN) for _ in range(12))
            ids["XI-LEI"] = base + mod_97_10.calc_check_digits(base)
        return ids

    def core_name(self, cc):
        r = self.r
        if cc in NAT_OK:
            p = r.random()
            if p < .35:
                a, b = r.choice(SUR[cc]), r.choice(BIZ[cc])
                return f"{b} {a}" if cc == "DE" and r.random() < .4 else f"{a} {b}"
            if p < .65:
                return r.choice(PRE) + r.choice(SUF) + (" " + r.choice(W("Medical Nordic Scandinavia Healthcare Care Systems")) if r.random() < .4 else "")
            if p < .85:
                return f"{r.choice(PLACE[cc])} {r.choice(BIZ[cc])}"
            a, b = r.sample(SUR[cc], 2)
            return f"{a} & {b}" + (f" {r.choice(BIZ[cc])}" if r.random() < .4 else "")
        if cc == "MY":
            return r.choice(MY_PRE) + r.choice(["", "", "", "", "tex", "plas", "med"]) + " " + r.choice(BIZ[cc])
        if cc == "PK" and r.random() < .25:
            return r.choice(PRE) + r.choice(["co", "ex", "tools", "craft", "med"]) + " " + r.choice(BIZ[cc])
        if cc == "CN":
            return f"{r.choice(CN_SYL)}{r.choice(CN_SYL).lower()} {r.choice(BIZ[cc])}"
        return f"{r.choice(SUR[cc] if cc in SUR else VN_PRE)} {r.choice(BIZ[cc])}"

    def register(self, cc, core, truth, allow=()) -> bool:
        n = norm(core)
        hits = set().union(*(self.near.get((cc, k), set()) for k in dels(n)))
        if (cc, n) in self.names or hits - set(allow):
            return False
        self.names[(cc, n)] = truth
        for k in dels(n):
            self.near.setdefault((cc, k), set()).add(truth)
        return True

    def new_addr(self, cc, city):
        r = self.r
        if cc in STREET:
            word, suf = r.choice(STREET[cc][0]), r.choice(STREET[cc][1])
            tmpl, n = word + (suf.capitalize() if word.endswith("-") else suf) + " {n}", r.randint(1, 80)
        else:
            a, b = FOREIGN_W[cc]
            tmpl, n = r.choice(FOREIGN_ST[cc]).replace("{w}", r.choice(a)).replace("{w2}", r.choice(b)).replace("_", " "), r.randint(1, 2400)
        return {"tmpl": tmpl, "n": n, "pc": (city[1] + self.d(6))[:PCLEN[cc]], "city": city}

    def entity(self, cc, core, form, tags, city=None, addr=None, allow=(), short=None, keep=(), lock=False):
        truth = f"E{len(self.ents) + 1:05d}"
        if not self.register(cc, short or core, truth, allow):
            return None
        r, city = self.r, city or (addr["city"] if addr else self.r.choice(CITIES[cc]))
        e = {"truth": truth, "cc": cc, "core": core, "form": form, "tags": tags, "city": city, "short": short, "keep": keep, "lock": lock}
        e["addr"], e["ids"] = addr or self.new_addr(cc, city), self.make_ids(e)
        if not tags & {"one_letter", "same_name", "parent_sub"} and r.random() < .09:   # second site / moved
            e["alt"] = self.new_addr(cc, r.choice(CITIES[cc]) if r.random() < .4 else city)
        if cc in BOX and r.random() < .25 and "one_letter" not in tags:
            e["box"] = {"tmpl": BOX[cc], "n": r.randint(10, 9999), "pc": (city[1] + self.d(6))[:PCLEN[cc]], "city": city}
        self.ents.append(e)
        return e

    def simple(self, cc, tags=(), city=None):
        while True:
            core = short = self.core_name(cc)
            if cc == "CN":
                city = self.r.choice(CITIES[cc])
                core = f"{city[0]} {short}"
            e = self.entity(cc, core, wpick(self.r, FORM_MIX[cc]), set(tags), city=city, short=short if cc == "CN" else None)
            if e:
                return e

    def one_letter(self, core):
        """Another firm's name: one vowel changed, a letter doubled or dropped, or an s/g/n added or removed."""
        r, words = self.r, core.split()
        i = 0 if len(words[0]) >= 4 else max(range(len(words)), key=lambda j: len(words[j]))
        w, k = words[i], r.randrange(1, len(words[i]))
        vowel = w[:k] + r.choice("aeiou".replace(w[k], "")) + w[k + 1:] if w[k] in "aeiou" else w
        nw = r.choice([vowel, vowel, w[:k] + w[k] + w[k:], w[:k] + w[k + 1:] if len(w) > 4 else w,
                       w[:-1] if w[-1] in "sgn" else w + r.choice("sgn")])
        return " ".join(words[:i] + [nw] + words[i + 1:]) if nw.lower() != w.lower() and nw.isalpha() else None

    def build(self, n):
        r = self.r
        while len(self.ents) < n * .09:       # one brand, separate companies per Nordic country
            core = r.choice(PRE) + r.choice(SUF) + r.choice(["", "", " Medical", " Healthcare", " Diagnostics", " Care"])
            local = r.random() < .3
            for cc in r.sample(NORDIC, r.choice([2, 3, 3, 4, 4])) + (["DE"] if r.random() < .15 else []):
                word = {"SE": "Sverige", "NO": "Norge", "FI": r.choice(["Finland", "Suomi"]), "DK": "Danmark", "DE": "Deutschland"}[cc]
                form = r.choice(["A/S", "ApS"]) if cc == "DK" else next(iter(FORM_MIX[cc]))
                self.entity(cc, f"{core} {word}" if local else core, form, {"family"}, keep=(word,) if local else ())
        while len(self.ents) < n * .21:       # parent / sister companies at one address
            cc = wpick(r, {"SE": 30, "NO": 12, "FI": 12, "DK": 8, "DE": 12, "MY": 10, "CN": 6, "IN": 5, "PK": 3, "VN": 2})
            base = self.simple(cc, {"parent_sub"})
            for word, form in r.sample(SUBS[cc], min(len(SUBS[cc]), 1 if r.random() < .7 else 2)):
                lock = word == ""       # same name, other legal form: always carries its register number
                base["lock"] = base["lock"] or lock
                if lock:
                    self.names.pop((cc, norm(base["short"] or base["core"])), None)
                self.entity(cc, f"{base['core']} {word}".strip(), form, {"parent_sub", "parent"}, addr=base["addr"],
                            allow=(base["truth"],) if lock else (), keep=tuple(word.split()[:1]) + (("KG",) if "KG" in form else ()),
                            lock=lock, short=f"{base['short']} {word}".strip() if base["short"] else None)
        while len(self.ents) < n * .31:       # unrelated firms one letter apart in one town
            cc = wpick(r, {"PK": 30, "MY": 22, "CN": 20, "SE": 7, "NO": 4, "FI": 4, "DK": 3, "DE": 5, "IN": 3, "VN": 2})
            group = [self.simple(cc, {"one_letter"})]
            base = group[0]
            for _ in range(1 if r.random() < .8 else 2):
                for _ in range(20):
                    src = r.choice(group)
                    alt = self.one_letter(src["short"] or src["core"])
                    if not alt:
                        continue
                    addr = self.new_addr(cc, base["city"])
                    if r.random() < .4:     # same road, another number
                        addr["tmpl"], addr["n"] = base["addr"]["tmpl"], r.choice([m for m in range(1, 400) if m != base["addr"]["n"]])
                    e = self.entity(cc, f"{base['city'][0]} {alt}" if cc == "CN" else alt, base["form"], {"one_letter"}, addr=addr,
                                    allow=[g["truth"] for g in group], short=alt if cc == "CN" else None)
                    if e:
                        group.append(e)
                        break
        while len(self.ents) < n * .35:       # same or generic name, different city
            cc = wpick(r, {"DE": 3, "IN": 2, "PK": 2, "CN": 2})
            core = r.choice(GENERIC[cc]) if cc in GENERIC and r.random() < .5 else self.core_name(cc)
            form = {"PK": "(Pvt) Ltd", "IN": r.choice(["Private Limited", "Limited"])}.get(cc, next(iter(FORM_MIX[cc])))
            grp: list[str] = []
            for city in r.sample(CITIES[cc][5:] if cc == "PK" else CITIES[cc], 2):
                if grp:
                    self.names.pop((cc, norm(core)), None)
                e = self.entity(cc, f"{city[0]} {core}" if cc == "CN" else core, form, {"same_name"}, city=city, allow=grp,
                                short=core if cc == "CN" else None)
                grp += [e["truth"]] if e else []
        while len(self.ents) < n:
            self.simple(wpick(r, CW))

    def render_name(self, e, pid):
        r, prof, cc = self.r, PROF[pid], e["cc"]
        words = (e["short"] if e["short"] and r.random() < .3 else e["core"]).split()
        if r.random() < .12:          # trade-style name without "Industries", "Instruments", ...
            words = [w for w in words if w.lower() not in DROPW or w in e["keep"]] or words
        if r.random() < prof[6]:
            words = [r.choice(ABBR[w]) if w in ABBR and r.random() < .6 else w for w in words]
        core = " ".join(words)
        if " & " in core and r.random() < .35:
            core = core.replace(" & ", r.choice([f" {CONN.get(prof[1], 'and')} ", " and ", " + ", " &amp; "]))
        w = r.choice(words)
        if r.random() < .09 and len(w) >= 4 and w not in e["keep"]:       # swap, drop or double a letter
            k = r.randrange(1, len(w) - 1)
            cand = core.replace(w, r.choice([w[:k] + w[k + 1] + w[k] + w[k + 2:], w[:k] + w[k + 1:], w[:k] + w[k] + w[k:]]), 1)
            if all(self.names.get((cc, norm(x)), e["truth"]) == e["truth"] for x in (cand, f"{e['city'][0]} {cand}")):
                core = cand
        p_drop = prof[5] + (.25 if cc in ("CN", "VN", "PK") else 0)
        name = ("{}" if not e["lock"] and r.random() < p_drop else r.choice(FORMS[e["form"]][:3] if e["lock"] else FORMS[e["form"]])).format(core)
        if r.random() < prof[3] or r.random() < .06:
            name = fold(name, german=r.random() < .35)
        elif pid == "sykehusinnkjop" and cc == "SE" and r.random() < .3:
            name = name.translate(str.maketrans("öäÖÄ", "øæØÆ"))
        if r.random() < prof[2]:
            name = name.upper()
        if prof[4] and len(name) > prof[4] and not e["lock"]:
            cut = name[:prof[4]].rstrip(" ,.&")
            name = cut if all(k.lower() in fold(cut).lower() for k in e["keep"]) else name
        return name.replace(" ", "  ", 1) if r.random() < .02 else name

    def render_ids(self, e, pid):
        r, prof, cc, ids, out, lock = self.r, PROF[pid], e["cc"], e["ids"], [], e["lock"]

        def bad(s, valid):   # one digit changed so that the check digit fails
            while True:
                i = r.choice([i for i, c in enumerate(s) if c.isdigit() and i >= 2])
                t = s[:i] + r.choice([c for c in "0123456789" if c != s[i]]) + s[i + 1:]
                if not valid(t):
                    return t
        if "nat" in ids and (lock or r.random() < {"SE": .85, "NO": .85, "FI": .82, "DK": .8, "DE": .7}[cc]):
            c = ids["nat"] if lock or r.random() > .04 else bad(ids["nat"], NAT_OK[cc])
            fmt = {"SE": ([f"{c[:6]}-{c[6:]}"] * 3 + [c, f"{c[:6]} {c[6:]}"], [f"SE{c}01", f"SE {c} 01"]),
                   "NO": ([c, c, f"{c[:3]} {c[3:6]} {c[6:]}"], [f"NO{c}MVA", f"NO {c[:3]} {c[3:6]} {c[6:]} MVA", f"NO{c}MVA"]),
                   "FI": ([f"{c[:7]}-{c[7]}"] * 3 + [c], [f"FI{c}", f"FI {c}"]),
                   "DK": ([c, c, f"{c[:2]} {c[2:4]} {c[4:6]} {c[6:]}"], [f"DK{c}", f"DK {c[:2]} {c[2:4]} {c[4:6]} {c[6:]}"]),
                   "DE": ([], [f"DE{c}", f"DE{c}", f"DE {c[:3]} {c[3:6]} {c[6:]}"])}[cc]
            scheme = {"SE": "SE-ON", "NO": "NO-BRC", "FI": "FI-PRO", "DK": "DK-CVR"}.get(cc)
            if cc == "DE" or r.random() < (prof[7] if cc == HOME[pid] else .55):
                out.append({"scheme": "VAT", "id": r.choice(fmt[1])})
                if scheme and r.random() < .12:
                    out.append({"scheme": scheme, "id": fmt[0][0]})
            else:             # now and then the VAT number lands in the national-number field
                out.append({"scheme": scheme, "id": r.choice(fmt[0]) if lock or r.random() > .015 else fmt[1][0]})
        for key, i, valid in (("uscc", 0, uscc.is_valid), ("gst", 1, gstin.is_valid), ("mst", 2, mst.is_valid)):
            if key in ids and (lock or r.random() < .35):
                out.append({"scheme": prof[8][i], "id": ids[key] if lock or r.random() > .05 else bad(ids[key], valid)})
        for key, p in (("DE-CR", .35), ("MY-SSM", .35), ("PK-NTN", .3), ("IN-MCA", .2), ("DUNS", .45), ("GLN", .35), ("XI-LEI", .5)):
            if key in ids and (r.random() < p or (lock and key == "MY-SSM")):
                v = ids[key]
                if key == "DUNS" and r.random() < .4:
                    v = f"{v[:2]}-{v[2:5]}-{v[5:]}"
                elif key == "GLN" and r.random() < .04:
                    v = bad(v, ean.is_valid)
                out.append({"scheme": key, "id": v})
        return out

    def render_addr(self, e, pid, a):
        r, prof, cc = self.r, PROF[pid], e["cc"]
        firm = e["tags"] & {"one_letter", "same_name"}          # these always keep a street address
        street = a["tmpl"].format(n=a["n"])
        for full, shorts in ADDR_ABBR.get(cc, []):
            if full in street and r.random() < prof[6] + .25:
                street = street.replace(full, r.choice(shorts), 1)
        name, _, exo, _ = a["city"]
        city = exo[prof[1]] if prof[1] in exo and r.random() < .4 else exo["en"] if "en" in exo and r.random() < .15 else name
        city = r.choice(CITY_X[name]) if name in CITY_X and r.random() < .2 else city
        pc = a["pc"]
        pc = {"SE": r.choice([f"{pc[:3]} {pc[3:]}", f"{pc[:3]} {pc[3:]}", pc, f"SE-{pc[:3]} {pc[3:]}"]), "NO": r.choice([pc, pc, f"NO-{pc}", f"N-{pc}"]),
              "FI": r.choice([pc, pc, f"FI-{pc}"]), "DK": r.choice([pc, pc, f"DK-{pc}"]), "DE": r.choice([pc, pc, f"D-{pc}"]),
              "IN": r.choice([pc, f"{pc[:3]} {pc[3:]}"])}.get(cc, pc)
        if r.random() < prof[3]:
            street, city = fold(street), fold(city)
        if r.random() < prof[2]:
            street, city = street.upper(), city.upper()
        if r.random() < (.04 if firm else .08) or (cc in ("VN", "PK", "CN") and r.random() < .3):
            pc = None
        street = None if not firm and r.random() < .07 else street
        city = None if not firm and r.random() < .04 else city
        if street and pc and city and r.random() < .04:     # one-blob address export
            street, pc, city = f"{street}, {pc} {city}", None, None
        return street, pc, city

    def record(self, e, pid, site="addr", dead=False):
        street, pc, city = self.render_addr(e, pid, e.get(site) or e["addr"])
        name = self.render_name(e, pid) + (self.r.choice(DEAD[PROF[pid][1]]) if dead else "")
        return {"record_id": None, "partner": pid, "name": name, "country": e["cc"], "identifiers": self.render_ids(e, pid),
                "address": street, "postal_code": pc, "city": city, "truth": e["truth"]}

    def partners_for(self, e):
        r, cc = self.r, e["cc"]
        w = {p: (.35 if cc in ("NO", "FI") else 1.0) for p in PROF}
        if cc == "SE":
            w.update(sykehusinnkjop=.25, hus=.25)
        elif cc in ("NO", "FI"):
            w.update({"sykehusinnkjop" if cc == "NO" else "hus": 3.5, "hus" if cc == "NO" else "sykehusinnkjop": .3})
        elif cc == "MY":     # the glove audits: Östergötland, Kalmar, Jönköping
            w.update({"region-ostergotland": 1.8, "region-kalmar": 1.8, "region-jonkoping": 1.8})
        k = r.choices([1, 2, 3, 4], [50, 30, 15, 5])[0] if "parent" in e["tags"] else r.choices(range(1, 7), [27, 25, 19, 13, 9, 7])[0]
        chosen: list[str] = []
        while len(chosen) < k:
            chosen.append(wpick(r, {q: v for q, v in w.items() if q not in chosen}))
        return chosen

    def records(self):
        r, out = self.r, []
        for e in self.ents:
            for pid in self.partners_for(e):
                site = r.choice(["alt", "addr"]) if "alt" in e else "box" if "box" in e and r.random() < .35 else "addr"
                out.append(self.record(e, pid, site))
                if r.random() < .03:      # the same partner holds it twice
                    out.append(self.record(e, pid, "alt" if "alt" in e else "addr", dead=r.random() < .4))
        r.shuffle(out)
        counters = {p: r.randint(100, 9000) for p in PROF}
        for rec in out:
            counters[rec["partner"]] += r.randint(1, 7)
            rec["record_id"] = PROF[rec["partner"]][0].format(counters[rec["partner"]])
        return out


def generate(n_entities: int, seed: int) -> list[dict]:
    """Labelled supplier records for ``n_entities`` legal entities (deterministic per seed)."""
    g = Gen(seed)
    g.build(n_entities)
    return g.records()


if __name__ == "__main__":
    n, seed = (int(a) for a in (sys.argv[1:3] if len(sys.argv) > 2 else (1300, 1)))
    for rec in generate(n, seed):
        print(json.dumps(rec, ensure_ascii=False))
