"""Golden files: expected output stored as readable JSON, compared field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


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
