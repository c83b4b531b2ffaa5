"""Exporters: the only stage that writes files."""

from .files import write_outputs

__all__ = ["write_outputs"]
