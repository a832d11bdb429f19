"""ankunft: council decisions, budget, measures, cases and a public directory for a KI."""

__version__ = "0.1.0"
