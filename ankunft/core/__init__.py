"""Core: tenancy, accounts, roles, permissions, data classes, audit and the UI shell."""
