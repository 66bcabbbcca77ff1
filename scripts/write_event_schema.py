"""Write timeline/schema/event.schema.json from the claim registry (timeline/claims/).

Run it from the repository root after adding or changing a claim kind:

    python scripts/write_event_schema.py

The `supports` pattern and description of the event schema are made from the kinds
registered; the rest of the schema is the file as it stands. tests/test_claims.py fails
while the shipped file differs from what this writes. Review `git diff timeline/schema`,
then rebuild the golden site (python tests/regen_golden.py), which publishes the schema.
"""

from __future__ import annotations

from pathlib import Path

from timeline.schema import published_text

SCHEMA = Path(__file__).resolve().parent.parent / "timeline" / "schema" / "event.schema.json"


def main() -> int:
    SCHEMA.write_text(published_text("event"), encoding="utf-8", newline="\n")
    print(SCHEMA)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
