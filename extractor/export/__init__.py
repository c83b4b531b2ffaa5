"""Exporters: the only stage that writes files."""
