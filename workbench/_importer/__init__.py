"""The importer: reading report files (read, tcvn3, xlsx), mapping their headings (headers,
columns), reading their cells (cells, values), checking them (check, validate) and keeping what
was imported (store); `run.import_files` ties them together."""
