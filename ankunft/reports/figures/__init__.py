"""The figures of the Sachstandsbericht, one module per section (see `reports.build`).

Every table about people is counted in the database (`values()` + `annotate(Count(...))`);
`build.build_raw_tables` gathers them before disclosure control, `build.build_report` puts
the protected tables into the report's content.
"""
