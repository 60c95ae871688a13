"""The address's part of a pair's weight: postcode, street, house numbers, city.

Split from ``scoring`` (which weighs the whole pair) because the address is
where partners differ most in form and least in substance: one postcode
written "D-40954" or "40954", one city as "Åbo" or "Turku", a post-office box
instead of a street. Normalising those is ``hub.core.names``'s job; here two
normalised addresses are compared, and what disagrees is weighed against a
name match (see ``hub.rules.matching`` for the weights).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from hub.core.addresses import NormalisedAddress
from hub.rules.matching import MatchSettings

#: Street similarity from which two street lines are one street.
SAME_STREET = 0.95


def _street_similarity(a: str, b: str) -> float:
    """Token similarity that accepts abbreviated words ("storg" ~ "storgatan")."""
    ta, tb = a.split(), b.split()
    canon = []
    for tok in ta:
        if tok not in tb:
            for other in tb:
                if min(len(tok), len(other)) >= 3 and (other.startswith(tok) or tok.startswith(other)):
                    tok = other
                    break
        canon.append(tok)
    return fuzz.token_sort_ratio(" ".join(canon), b) / 100.0


def cities_agree(a: str, b: str, min_ratio: float) -> bool:
    """One city however written: equal, alike, or one adds a region ("ipoh perak" / "ipoh")."""
    if a == b or fuzz.ratio(a, b) / 100.0 >= min_ratio:
        return True
    ta, tb = set(a.split()), set(b.split())
    return ta <= tb or tb <= ta


def may_be_one_building(a: NormalisedAddress, b: NormalisedAddress) -> bool:
    """The same house number and postcode: ``one_building`` without the street, for the candidate screen."""
    return bool(a.numbers and a.numbers == b.numbers and a.postcode and a.postcode == b.postcode)


def one_building(a: NormalisedAddress, b: NormalisedAddress) -> bool:
    """The same street, house number and postcode: the strongest address evidence there is."""
    return (may_be_one_building(a, b) and bool(a.street and b.street)
            and _street_similarity(a.street, b.street) >= SAME_STREET)


def compare_addresses(a: NormalisedAddress, b: NormalisedAddress,
                      settings: MatchSettings) -> tuple[float, list[str]]:
    """The address's part of a pair's weight, with its evidence.

    House numbers and street words are weighed apart: the same street with
    other numbers is a neighbour (or a typo), other numbers on another street
    is another place. The postcode outranks the city: in one postcode, two
    spellings of the city ("Oulu"/"Ouou") are not two towns. A box's postcode
    is not held against a street's.
    """
    weight = 0.0
    evidence: list[str] = []
    if a.postcode and b.postcode:
        if a.postcode == b.postcode:
            weight += settings.postcode_equal_weight
            evidence.append(f"same postcode {a.postcode}")
        elif bool(a.box) != bool(b.box):
            # A post-office box has a postcode of its own (the post office's, in the
            # Nordics and Germany), so it says nothing against a street's postcode.
            evidence.append(f"postcodes differ, one a post-office box's: {a.postcode} vs {b.postcode}")
        else:
            weight += settings.postcode_differ_weight
            evidence.append(f"postcodes differ: {a.postcode} vs {b.postcode}")
    if a.box and b.box and a.box == b.box:
        weight += settings.street_similar_weight
        evidence.append(f"same post-office box {a.box}")
    numbers_differ = bool(a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers))
    if numbers_differ:
        weight += settings.street_number_differ_weight
        evidence.append("street numbers differ")
    if a.street and b.street:
        s = _street_similarity(a.street, b.street)
        if s < 0.6:
            weight += settings.street_differ_weight
            evidence.append("street addresses differ")
        elif numbers_differ:
            pass  # the same street, other numbers: weighed above, no bonus for the street
        elif s >= SAME_STREET:
            weight += settings.street_equal_weight
            evidence.append("same street address")
            if may_be_one_building(a, b):
                weight += settings.full_address_bonus  # one building: the street, its number and the postcode
            elif (a.numbers and a.numbers == b.numbers and not (a.postcode and b.postcode)
                  and a.city and b.city and cities_agree(a.city, b.city, settings.city_similar_min)):
                # A partner left the postcode out: the street, its number and the city are one building.
                weight += settings.full_address_no_postcode_bonus
        elif s >= settings.street_similar_min:
            weight += settings.street_similar_weight
            evidence.append(f"similar street address ({s:.2f})")
    if a.city and b.city:
        if cities_agree(a.city, b.city, settings.city_similar_min):
            weight += settings.city_equal_weight
            evidence.append(f"same city {a.city}")
        elif a.postcode and a.postcode == b.postcode:  # one postcode is one town: a typo, or another name
            evidence.append(f"one postcode, cities written differently: {a.city} vs {b.city}")
        else:
            weight += settings.city_differ_weight
            evidence.append(f"cities differ: {a.city} vs {b.city}")
    return weight, evidence
