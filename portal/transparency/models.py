"""Statistics rollups (see rollups.py) live here."""
