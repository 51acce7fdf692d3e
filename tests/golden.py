"""Golden files: expected output stored as readable JSON, compared field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
# One directory per site key, one per case in it: golden/<site>/<case>/{page.html,meta.json,expected.json}.
GOLDEN = FIXTURES / "golden"
CASES = sorted(GOLDEN.glob("*/*/meta.json"))


def golden_case(site: str, case: str) -> Path:
    return GOLDEN / site / case


def golden_cases(site: str | None = None) -> list[Path]:
    """Every case directory, or one site's."""
    return [meta.parent for meta in CASES if site in (None, meta.parent.parent.name)]


def case_site(case: Path) -> str:
    return case.parent.name


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def check_golden(actual: dict[str, Any], expected_path: Path, regen: bool) -> None:
    """Assert ``actual`` equals the stored expectation field by field; rewrite it only when ``regen``."""
    if regen:
        expected_path.write_text(dump_json(actual), encoding="utf-8")
    assert expected_path.exists(), f"missing golden {expected_path}; create it with pytest --regen-golden"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert expected, f"{expected_path} is empty"
    assert sorted(actual) == sorted(expected), f"fields differ from {expected_path}"
    for field, value in expected.items():
        assert actual[field] == value, f"{expected_path.parent.name}: field {field!r} differs"
