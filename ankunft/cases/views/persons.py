"""Views of the case module's persons pages."""
