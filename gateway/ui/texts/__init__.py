"""The dashboard's words, one module per language (``TEXT`` and ``LABELS``).

Data only, so a translator edits one file and never the engine
(``gateway/ui/i18n.py``); English holds the key set every language matches.
"""
