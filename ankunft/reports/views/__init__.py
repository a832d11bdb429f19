"""The reports' pages: `pages` (internal), `dashboards`, `public` (published reports)."""
