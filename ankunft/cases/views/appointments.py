"""Views of the case module's appointments pages."""
