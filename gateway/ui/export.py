"""The joint-audit plan as CSV and XLSX (openpyxl), in the user's language.

Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or CR) are prefixed with an apostrophe in the CSV (OWASP
CSV injection); the XLSX writes every value as a string or number, never a
formula. The CSV starts with a UTF-8 BOM so Excel shows å, ä, ö and ø.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .i18n import Translator
from .reasons import say
from .render import _partner, _site

COLUMNS = ("plan.rank", "plan.supplier", "supplier.hub_id", "col.country", "plan.site", "plan.score",
           "plan.reasons", "plan.partners")


def rows(items: list[dict[str, Any]], t: Translator) -> list[list[Any]]:
    out = []
    for item in items:
        reasons = "; ".join(say(t, r) for r in item.get("reasons") or () if isinstance(r, dict))
        partners = ", ".join(_partner(p) for p in item.get("partners") or ())
        score = item.get("score")
        out.append([item.get("rank"), item.get("canonical_name") or "", item.get("hub_id") or "",
                    item.get("country") or "", _site(item.get("site")) if item.get("site") else "",
                    round(score, 3) if isinstance(score, (int, float)) else "", reasons, partners])
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(items: list[dict[str, Any]], t: Translator) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([t(c) for c in COLUMNS])
    for row in rows(items, t):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(items: list[dict[str, Any]], t: Translator) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = t("plan.title")[:31]
    ws.append([t(c) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows(items, t):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "="
    widths = (6, 40, 18, 8, 30, 8, 70, 50)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
