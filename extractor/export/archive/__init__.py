"""Whole-archive outputs: the SQLite catalogue, the combined tables drawn from it, and their XLSX workbook."""
