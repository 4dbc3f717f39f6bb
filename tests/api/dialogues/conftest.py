from tests.dialogue_fixtures import citizen, citizen2, citizens  # noqa: F401
