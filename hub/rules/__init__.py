"""Business rules as data: partners, survivorship, alert rules, the sanction ladder.

Kept apart from ``hub.core`` so that a secretariat decision (a new partner, a
different grace period, an extra ladder step) is a data change reviewed on its
own, not an edit inside merge or alert logic.
"""
