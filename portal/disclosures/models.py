"""Models of portal.disclosures."""
