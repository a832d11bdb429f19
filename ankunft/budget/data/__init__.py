"""Package data of the budget module: the shipped cost table (see SOURCE.md)."""
