"""Models of portal.dialogues."""
