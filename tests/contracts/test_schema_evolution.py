"""The schema-evolution guard: every schema stays BACKWARD_TRANSITIVE compatible.

For each ``schemas/avro/*.avsc``, every earlier committed version is taken from
git history, and the current (working-tree) schema must be able to read data
written with each of them, by the Apache ``avro`` package's checker. On top of
Avro's rules, the hub never removes an enum symbol (Avro would allow it when
the enum has a default, but old ``critical`` findings would then read as
``unknown``).

Without git, or for a file with no committed history yet, there is nothing to
compare: the test passes and says so with a warning.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from hub.contracts.compatibility import (
    check_backward_transitive,
    check_compatibility,
    removed_enum_symbols,
)
from hub.contracts.errors import ContractError
from hub.settings import DEFAULT_SCHEMA_DIR, REPO_ROOT

SHA = re.compile(r"^[0-9a-f]{40}$")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    if shutil.which("git") is None:
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              timeout=30, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def committed_versions(repo: Path, path: Path) -> list[tuple[str, str]] | None:
    """``[(sha, schema_text)]`` of every committed version of ``path``, newest first.

    Follows renames: each version is read at the path the file had in that
    commit. None when git is missing or ``repo`` is not a git work tree.
    Read-only: ``git log`` and ``git show``, nothing that changes git state.
    """
    inside = _git(repo, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    rel = path.resolve().relative_to(repo.resolve()).as_posix()
    log = _git(repo, "log", "--format=%H", "--name-only", "--follow", "--", rel)
    if log is None or log.returncode != 0:
        return None
    commits: list[tuple[str, str]] = []
    sha = None
    for line in log.stdout.splitlines():
        line = line.strip()
        if SHA.match(line):
            sha = line
        elif line and sha:
            commits.append((sha, line))
            sha = None
    versions = []
    for sha, old_path in commits:
        shown = _git(repo, "show", f"{sha}:{old_path}")
        if shown is not None and shown.returncode == 0:  # a commit that deleted the file has nothing to show
            versions.append((sha, shown.stdout))
    return versions


def evolution_problems(current: str, versions: list[tuple[str, str]]) -> list[str]:
    """Why ``current`` cannot read data written with some earlier version; empty if it can."""
    problems = []
    for sha, old in versions:
        for message in check_compatibility(current, old) + removed_enum_symbols(current, old):
            problems.append(f"{sha[:10]}: {message}")
    return problems


# --- the guard ---------------------------------------------------------------------

SCHEMA_FILES = sorted(DEFAULT_SCHEMA_DIR.glob("*.avsc"))


def test_there_are_schemas_to_guard():
    assert len(SCHEMA_FILES) >= 7


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_schema_is_backward_transitive_compatible_with_its_history(path):
    current = path.read_text(encoding="utf-8")
    versions = committed_versions(REPO_ROOT, path)
    if versions is None:
        warnings.warn(f"{path.name}: git or the repository's history is unavailable; nothing to compare")
        return
    if not versions:
        warnings.warn(f"{path.name}: no committed history yet; nothing to compare")
        return
    problems = evolution_problems(current, versions)
    assert not problems, (
        f"{path.name} can no longer read data written with earlier versions "
        f"(BACKWARD_TRANSITIVE):\n  " + "\n  ".join(problems)
        + "\nAdd new fields with a default, never remove enum symbols, and rename only with aliases."
    )


# --- the guard works ------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _commit(repo: Path, message: str) -> None:
    for args in (("add", "-A"),
                 ("-c", "user.name=Guard Test", "-c", "user.email=guard@example.invalid",
                  "-c", "commit.gpgsign=false", "commit", "-q", "-m", message)):
        done = _git(repo, *args)
        assert done is not None and done.returncode == 0, done and done.stderr


def _edit(schema_text: str, change) -> str:
    schema = json.loads(schema_text)
    change(schema)
    return json.dumps(schema, indent=2)


def _field(record: dict, name: str) -> dict:
    return next(f for f in record["fields"] if f["name"] == name)


def _severity(schema: dict) -> dict:
    return _field(_field(schema, "findings")["type"]["items"], "severity")["type"]


@pytest.fixture
def scratch_repo(tmp_path) -> Path:
    """A throwaway git repo (never the project's) holding AuditOutcome.avsc in two commits."""
    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    init = _git(repo, "init", "-q")
    assert init is not None and init.returncode == 0, init and init.stderr
    v1 = (DEFAULT_SCHEMA_DIR / "AuditOutcome.avsc").read_text(encoding="utf-8")
    # v1: an early version without audit_firm; v2 (the current one) added it with a default.
    (repo / "schemas" / "AuditOutcome.avsc").write_text(
        _edit(v1, lambda s: s["fields"].remove(_field(s, "audit_firm"))))
    _commit(repo, "v1")
    (repo / "schemas" / "AuditOutcome.avsc").write_text(v1)
    _commit(repo, "v2")
    return repo


@needs_git
def test_guard_reads_every_committed_version(scratch_repo):
    path = scratch_repo / "schemas" / "AuditOutcome.avsc"
    versions = committed_versions(scratch_repo, path)
    assert versions is not None and len(versions) == 2
    assert "audit_firm" in versions[0][1] and "audit_firm" not in versions[1][1]
    assert evolution_problems(path.read_text(), versions) == []


@needs_git
def test_guard_follows_renames(scratch_repo):
    moved = scratch_repo / "schemas" / "AuditOutcomeRenamedFile.avsc"
    assert _git(scratch_repo, "mv", "schemas/AuditOutcome.avsc", "schemas/AuditOutcomeRenamedFile.avsc").returncode == 0
    _commit(scratch_repo, "rename the file")
    versions = committed_versions(scratch_repo, moved)
    assert versions is not None and len(versions) == 3


@needs_git
@pytest.mark.parametrize("change, expected", [
    # A new field without a default: old data has no value for it.
    (lambda s: s["fields"].append({"name": "supplier_tier", "type": "int", "doc": "Tier."}),
     "reader_field_missing_default_value at /supplier_tier"),
    # A field from an earlier version dropped its default: v1 data (no audit_firm) can't be read.
    (lambda s: _field(s, "audit_firm").update(type="string") or _field(s, "audit_firm").pop("default"),
     "reader_field_missing_default_value at /audit_firm"),
    # An enum symbol removed from an enum without a default.
    (lambda s: (_severity(s)["symbols"].remove("critical"), _severity(s).pop("default")),
     "missing_enum_symbols at /findings[]/severity"),
    # An enum symbol removed even though the enum has a default: hub policy.
    (lambda s: _severity(s)["symbols"].remove("critical"),
     "enum se.regionerna.hub.v1.Severity lost symbol(s) critical"),
    # A type change.
    (lambda s: _field(s, "audit_date").update(type="string"),
     "type_mismatch at /audit_date"),
    # A renamed field without an alias (avro's checker reports an enum-typed one as a type mismatch).
    (lambda s: _field(s, "audit_type").update(name="kind"),
     "at /kind"),
])
def test_guard_detects_incompatible_changes(scratch_repo, change, expected):
    path = scratch_repo / "schemas" / "AuditOutcome.avsc"
    path.write_text(_edit(path.read_text(), change))  # uncommitted, as in a developer's work tree
    problems = evolution_problems(path.read_text(), committed_versions(scratch_repo, path))
    assert any(expected in p for p in problems), problems


@needs_git
def test_guard_accepts_compatible_changes(scratch_repo):
    path = scratch_repo / "schemas" / "AuditOutcome.avsc"

    def change(s):
        s["fields"].append({"name": "report_url", "type": ["null", "string"], "default": None, "doc": "Link."})
        _severity(s)["symbols"].insert(4, "catastrophic")  # adding a symbol is fine
        _field(s, "audit_firm").update(name="audit_company", aliases=["audit_firm"])  # a rename, with an alias

    path.write_text(_edit(path.read_text(), change))
    assert evolution_problems(path.read_text(), committed_versions(scratch_repo, path)) == []


def test_no_git_repo_means_nothing_to_compare(tmp_path):
    lone = tmp_path / "X.avsc"
    lone.write_text("{}")
    assert committed_versions(tmp_path, lone) in (None, [])


# --- check_compatibility itself ---------------------------------------------------------

BASE = json.dumps({"type": "record", "name": "R", "namespace": "t", "fields": [
    {"name": "a", "type": "string"},
    {"name": "sev", "type": {"type": "enum", "name": "Sev", "symbols": ["minor", "major"]}},
]})


def test_check_compatibility_identical():
    assert check_compatibility(BASE, BASE) == []


def test_check_compatibility_field_with_default_is_backward_compatible():
    reader = _edit(BASE, lambda s: s["fields"].append({"name": "b", "type": "int", "default": 0}))
    assert check_compatibility(reader, BASE) == []
    # ...and removing it again is fine in the other direction (the old reader ignores it).
    assert check_compatibility(BASE, reader) == []


def test_check_compatibility_reports_several_problems():
    reader = _edit(BASE, lambda s: (s["fields"].append({"name": "b", "type": "int"}),
                                    s["fields"][1]["type"]["symbols"].remove("major")))
    problems = check_compatibility(reader, BASE)
    text = "\n".join(problems)
    assert "reader_field_missing_default_value" in text and "missing_enum_symbols" in text
    assert "/b" in text and "/sev (symbols)" in text


def test_check_compatibility_promotions():
    writer = _edit(BASE, lambda s: s["fields"].append({"name": "n", "type": "int"}))
    reader = _edit(BASE, lambda s: s["fields"].append({"name": "n", "type": "long"}))
    assert check_compatibility(reader, writer) == []  # int -> long is a promotion
    assert check_compatibility(writer, reader) != []  # long -> int is not


def test_check_compatibility_unparsable_schema():
    with pytest.raises(ContractError, match="reader schema does not parse"):
        check_compatibility('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]}', BASE)


def test_backward_transitive_over_several_versions():
    v1 = BASE
    v2 = _edit(v1, lambda s: s["fields"].append({"name": "b", "type": "int", "default": 0}))
    v3 = _edit(v2, lambda s: s["fields"].append({"name": "c", "type": "int", "default": 0}))
    assert check_backward_transitive(v3, [v2, v1]) == []
    # v3' drops b's default: compatible with v2 (which has b) but not with v1.
    v3_bad = _edit(v3, lambda s: s["fields"][2].pop("default"))
    assert check_compatibility(v3_bad, v2) == []
    problems = check_backward_transitive(v3_bad, [v2, v1])
    assert problems and all(p.startswith("version 1:") for p in problems)
