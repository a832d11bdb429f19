"""Views of the case module's privacy pages."""
