"""Addresses, cities, places in names and letters as partners spell them, as data: the address half of the matching rules.

Apart from ``hub.rules.matching`` only for size: ``MatchSettings`` there takes
every table here as a default, so the one settings object still holds all
the rules. Words are folded (lower case, no diacritics), as the normalisers in
``hub.core.names`` see them.
"""

from __future__ import annotations

# Address token -> replacement. Street-type suffixes are unified so that
# "Storg." and "Storgatan", "Jln" and "Jalan" compare equal.
ADDRESS_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("jln", "jalan"), ("jl", "jalan"), ("kaw", "kawasan"), ("kws", "kawasan"),
    ("perind", "perindustrian"), ("perindustrian", "perindustrian"),
    ("tmn", "taman"), ("bdr", "bandar"), ("sek", "seksyen"), ("kg", "kampung"),
    ("kpg", "kampung"), ("lrg", "lorong"), ("bt", "batu"), ("ind", "industrial"),
    ("indl", "industrial"), ("est", "estate"), ("rd", "road"), ("st", "street"),
    ("str", "strasse"), ("ave", "avenue"), ("av", "avenue"), ("blvd", "boulevard"),
    ("hwy", "highway"), ("dist", "district"), ("distt", "district"), ("bldg", "building"),
    ("fl", "floor"), ("flr", "floor"), ("ph", "phase"), ("sec", "sector"),
    ("kcx", "khu che xuat"), ("tp", "thanh pho"),
    ("q", "quan"), ("p", "phuong"), ("hcmc", "ho chi minh"), ("hcm", "ho chi minh"),
    ("g", "gatan"), ("gt", "gata"), ("v", "vagen"), ("vn", "veien"), ("vag", "vagen"),
    ("pl", "plan"), ("vej", "vej"), ("tie", "tie"), ("k", "katu"),
    ("plot", "lot"), ("no", ""), ("nr", ""), ("number", ""), ("unit", ""),
    ("sie", "small industrial estate"), ("ip", "industrial park"), ("kcn", "industrial park"),
)

# Endings of street names ("Storgatan", "Industrivej", "Satamakatu"): with the
# abbreviation table above, what tells a street from a city.
STREET_SUFFIXES: tuple[str, ...] = (
    "gatan", "gata", "gate", "vagen", "vag", "veien", "vegen", "vej", "katu", "tie", "strasse", "weg",
    "allee", "gasse", "road", "street", "lane", "avenue",
)

# Postcodes of a fixed number of digits, by country: a spreadsheet that read
# "00700" (Helsinki) or "0530" (Oslo) as a number dropped the leading zeros,
# which are put back. (Vietnam's codes changed from six digits to five.)
POSTCODE_DIGITS: tuple[tuple[str, int], ...] = (
    ("SE", 5), ("FI", 5), ("DE", 5), ("MY", 5), ("PK", 5), ("NO", 4), ("DK", 4), ("CN", 6), ("IN", 6),
)

# Words that make an address line a post-office box ("Box 710", "P.O. Box",
# "PL 8120", "Postboks 44", "Postfach 12 34"), folded: a box says where mail
# goes, not where the supplier is, so it is compared only with another box.
POSTBOX_WORDS: tuple[str, ...] = ("box", "po", "pobox", "pl", "postboks", "postfach", "pb", "postilokero")

# City spellings (folded, as ``normalise_city`` sees them) -> one spelling:
# exonyms, Swedish names of Finnish towns, old names, abbreviations.
CITY_ALIASES: tuple[tuple[str, str], ...] = (
    ("gothenburg", "goteborg"), ("gotheborg", "goteborg"),
    ("copenhagen", "kobenhavn"), ("koebenhavn", "kobenhavn"), ("kbh", "kobenhavn"),
    ("arhus", "aarhus"), ("elsinore", "helsingor"),
    ("tukholma", "stockholm"), ("koopenhamina", "kobenhavn"),
    ("helsingfors", "helsinki"), ("abo", "turku"), ("uleaborg", "oulu"), ("tammerfors", "tampere"),
    ("vasa", "vaasa"), ("esbo", "espoo"), ("vanda", "vantaa"),
    ("munich", "munchen"), ("muenchen", "munchen"), ("cologne", "koln"), ("koeln", "koln"),
    ("nuremberg", "nurnberg"), ("nuernberg", "nurnberg"), ("duesseldorf", "dusseldorf"),
    ("kl", "kuala lumpur"), ("k lumpur", "kuala lumpur"), ("penang", "george town"),
    ("bombay", "mumbai"), ("bangalore", "bengaluru"), ("madras", "chennai"), ("calcutta", "kolkata"),
    ("tirupur", "tiruppur"), ("gurgaon", "gurugram"), ("delhi", "new delhi"),
    ("saigon", "ho chi minh"), ("sai gon", "ho chi minh"), ("hcmc", "ho chi minh"),
    ("hcm", "ho chi minh"), ("tp hcm", "ho chi minh"), ("tp ho chi minh", "ho chi minh"),
    ("thanh pho ho chi minh", "ho chi minh"), ("haiphong", "hai phong"), ("danang", "da nang"),
    ("hanoi", "ha noi"), ("peking", "beijing"), ("canton", "guangzhou"),
)
# Words in a city field that say nothing about which city it is.
CITY_NOISE_TOKENS: tuple[str, ...] = ("city", "shi", "town", "stad", "kaupunki", "by")

# Countries whose registered company names start (or end, in brackets) with
# the place of registration: "Ningbo Deli Textile Co., Ltd.", "Baite
# Healthcare (Suzhou) Co., Ltd.". Partners often drop the place, so a name is
# also compared without it. Place names (folded): the record's own city and these.
PLACE_IN_NAME_COUNTRIES: tuple[str, ...] = ("CN",)
PLACE_NAMES: tuple[str, ...] = (
    "anhui", "baoding", "beijing", "changshu", "changsha", "changzhou", "chengdu", "chongqing",
    "dalian", "dongguan", "foshan", "fujian", "fuzhou", "guangdong", "guangzhou", "hangzhou",
    "harbin", "hebei", "hefei", "henan", "hubei", "hunan", "huzhou", "jiangsu", "jiangxi", "jiangyin",
    "jiaxing", "jinan", "jinhua", "kunming", "kunshan", "liaoning", "linyi", "nanjing", "nanning",
    "nantong", "ningbo", "qingdao", "quanzhou", "shandong", "shanghai", "shantou", "shaoxing",
    "shenyang", "shenzhen", "shijiazhuang", "sichuan", "suzhou", "taizhou", "tangshan", "tianjin",
    "weifang", "weihai", "wenzhou", "wuhan", "wujiang", "wuxi", "xiamen", "xian", "xuzhou", "yangzhou",
    "yantai", "yiwu", "zhangjiagang", "zhejiang", "zhengzhou", "zhenjiang", "zhongshan", "zhuhai", "zibo",
)

# Nordic and German letters as a system without them writes them: "Långgård" as
# "Laanggaard", "Bækhøj" as "Baekhoej", "Schäfer" as "Schaefer". Folding
# diacritics gives "langgard" but "laanggaard", so in these countries the
# digraphs are read back as the one letter (both names alike, "Aalborg" and
# "Ålborg" too). Not elsewhere: in pinyin "xue" and "xu" are two syllables.
# Not "ue" for "ü" either: English words in names ("Blue", "Value") have it.
TRANSLITERATED_COUNTRIES: tuple[str, ...] = ("SE", "NO", "FI", "DK", "DE")
TRANSLITERATION_DIGRAPHS: tuple[tuple[str, str], ...] = (("aa", "a"), ("ae", "a"), ("oe", "o"))
