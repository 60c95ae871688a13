"""Assemble mapped rows into records: one SupplierRecord per row, one AuditOutcome per audit id.

Kept apart from the engine because the grouping rules are the part partners
ask about: an audit sheet has one row per finding (and optionally one per
corrective action), repeating the audit's own columns on every row. Those
repeated columns must agree; a row that disagrees is rejected with the row it
disagrees with, rather than one of them silently winning.

``provenance`` maps each schema path (``findings[1].severity``) to the cell it
came from, so a validation error on a path becomes a row and a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.mapping import Mapping
from connectors.values import NATIONAL_COUNTRY

_FINDING = "findings."
_ACTION = "findings.action."


@dataclass
class Built:
    key: str
    record: dict[str, Any]
    provenance: dict[str, Any]
    rows: list[int]
    rejects: list = field(default_factory=list)
    #: AuditOutcome only: finding id -> index in ``findings``; audit field -> row it was taken from.
    finding_index: dict[str, int] = field(default_factory=dict)
    from_row: dict[str, int] = field(default_factory=dict)


def _put(record: dict, dotted: str, value: Any) -> None:
    head, _, rest = dotted.partition(".")
    if rest:
        _put(record.setdefault(head, {}), rest, value)
    else:
        record[head] = value


def _cell_of(engine_cell_type, value, row, column="(mapping default)"):
    return engine_cell_type(value, row, column, False)


def build_records(mapping: Mapping, mapped: list) -> list[Built]:
    if mapping.record_type == "SupplierRecord":
        return _suppliers(mapping, mapped)
    return _audits(mapping, mapped)


def _country_from_identifiers(record: dict, country_path: str, prov: dict, idents_path: str) -> None:
    """A supplier with a national registration number is registered in that number's country."""
    target = record.get("supplier", record) if country_path.startswith("supplier.") else record
    if target.get("country"):
        return
    for n, ident in enumerate(target.get("identifiers") or ()):
        country = NATIONAL_COUNTRY.get(ident["scheme"])
        if country:
            target["country"] = country
            prov[country_path] = prov.get(f"{idents_path}[{n}]")
            return


def _suppliers(mapping: Mapping, mapped: list) -> list[Built]:
    from connectors.engine import Reject, _Cell

    out: list[Built] = []
    first_row: dict[str, int] = {}
    for row, cells, problems in mapped:
        record: dict[str, Any] = {}
        prov: dict[str, Any] = {}
        for target, value in mapping.defaults.items():
            if not target.startswith("sites."):
                _put(record, target, value)
                prov[target] = _cell_of(_Cell, value, row)
        site: dict[str, Any] = {}
        for target, cell in cells.items():
            if target == "identifiers":
                record["identifiers"] = [c.value for c in cell.value]
                for n, c in enumerate(cell.value):
                    prov[f"identifiers[{n}]"] = c
            elif target.startswith("sites."):
                site[target[6:]] = cell.value
                prov[f"sites[0].{target[6:]}"] = cell
            else:
                _put(record, target, cell.value)
                prov[target] = cell
        if site:
            for target, value in mapping.defaults.items():
                if target.startswith("sites."):
                    site.setdefault(target[6:], value)
            record["sites"] = [site]
        _country_from_identifiers(record, "country", prov, "identifiers")
        key = str(record.get("record_id") or f"row-{row}")
        built = Built(key, record, prov, [row], list(problems))
        if "record_id" in record:
            if key in first_row:
                col = prov["record_id"].column
                built.rejects.append(Reject(row, col, key, f"the record id repeats row {first_row[key]}"))
            else:
                first_row[key] = row
        out.append(built)
    return out


def _audits(mapping: Mapping, mapped: list) -> list[Built]:
    from connectors.engine import Reject, _Cell

    groups: dict[str, Built] = {}
    orphans: list[Built] = []
    for row, cells, problems in mapped:
        audit_cell = cells.get("audit_id")
        if audit_cell is None:
            rejects = list(problems)
            if not any(r.row == row for r in problems):
                rejects.append(Reject(row, "", "", "the row has no audit id"))
            orphans.append(Built(f"row-{row}", {}, {}, [row], rejects))
            continue
        key = str(audit_cell.value)
        g = groups.get(key)
        if g is None:
            g = groups[key] = Built(key, {"findings": []}, {}, [], [])
            for target, value in mapping.defaults.items():
                if not target.startswith(_FINDING):
                    _put(g.record, target, value)
                    g.provenance[target] = _cell_of(_Cell, value, row)
        g.rows.append(row)
        g.rejects.extend(problems)
        finding_cells: dict[str, Any] = {}
        for target, cell in cells.items():
            if target.startswith(_FINDING):
                finding_cells[target] = cell
            elif target == "identifiers":
                _merge_identifiers(g, cell, Reject)
            else:
                _merge_audit_field(g, target, cell, Reject)
        if finding_cells:
            _add_finding(mapping, g, finding_cells, row, _Cell)
    out = list(groups.values())
    for g in out:
        supplier = g.record.setdefault("supplier", {})
        if "site" in g.record:
            g.record["site"].setdefault("country", supplier.get("country"))
        _country_from_identifiers(g.record, "supplier.country", g.provenance, "supplier.identifiers")
    return out + orphans


def _merge_audit_field(g: Built, target: str, cell, Reject) -> None:
    taken = g.from_row.get(target)
    if taken is None:
        _put(g.record, target, cell.value)
        g.provenance[target] = cell
        g.from_row[target] = cell.row
        return
    if g.provenance[target].value != cell.value:
        shown = "(withheld)" if cell.confidential else str(cell.value)
        g.rejects.append(Reject(cell.row, cell.column, shown,
                                f"differs from row {taken} of the same audit (audit columns must agree)"))


def _merge_identifiers(g: Built, cell, Reject) -> None:
    idents = g.record.setdefault("supplier", {}).setdefault("identifiers", [])
    for c in cell.value:
        if c.value not in idents:
            if any(i["scheme"] == c.value["scheme"] for i in idents):
                g.rejects.append(Reject(c.row, c.column, c.value["id"],
                                        "differs from an earlier row of the same audit"))
                continue
            g.provenance[f"supplier.identifiers[{len(idents)}]"] = c
            idents.append(c.value)


def _add_finding(mapping: Mapping, g: Built, cells: dict, row: int, _Cell) -> None:
    """One finding per finding id; rows repeating a finding id add corrective actions to it."""
    findings = g.finding_index
    fid_cell = cells.get("findings.finding_id")
    fid = str(fid_cell.value) if fid_cell else str(len(findings) + 1)
    index = findings.get(fid)
    if index is None:
        index = findings[fid] = len(g.record["findings"])
        finding: dict[str, Any] = {"finding_id": fid, "corrective_actions": []}
        for target, value in mapping.defaults.items():
            if target.startswith(_FINDING) and not target.startswith(_ACTION):
                finding[target[len(_FINDING):]] = value
                g.provenance[f"findings[{index}].{target[len(_FINDING):]}"] = _cell_of(_Cell, value, row)
        g.record["findings"].append(finding)
    finding = g.record["findings"][index]
    action: dict[str, Any] = {}
    for target, cell in cells.items():
        if target.startswith(_ACTION):
            action[target[len(_ACTION):]] = cell
        elif target != "findings.finding_id" or fid_cell is not None:
            name = target[len(_FINDING):]
            finding[name] = cell.value
            g.provenance[f"findings[{index}].{name}"] = cell
    if action:
        n = len(finding["corrective_actions"])
        item = {k: c.value for k, c in action.items()}
        item.setdefault("action_id", f"{fid}.{n + 1}")
        for target, value in mapping.defaults.items():
            if target.startswith(_ACTION):
                item.setdefault(target[len(_ACTION):], value)
        item.setdefault("status", "open")
        for k, c in action.items():
            g.provenance[f"findings[{index}].corrective_actions[{n}].{k}"] = c
        g.provenance.setdefault(f"findings[{index}].corrective_actions[{n}]", next(iter(action.values())))
        finding["corrective_actions"].append(item)
    g.provenance.setdefault(f"findings[{index}]", next(iter(cells.values())))
