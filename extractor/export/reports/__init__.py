"""Comparison reports: ``diff`` and ``history`` as a table, JSON (schema-checked), CSV and HTML."""
