"""Views of the case module's worklist pages."""
