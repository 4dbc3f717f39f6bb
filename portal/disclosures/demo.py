"""Demo data of portal.disclosures for `make run` (called by seed_demo; must be idempotent)."""


def seed(*, wards, today) -> dict[str, int]:
    """Create the demo records when none exist in the demo wards; return what was created, by kind."""
    return {}
