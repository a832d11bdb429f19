"""Views of the case module (one file per area)."""
