"""Views of the case module's workflow pages."""
