"""The imports' CSV-writing fixture, for the structure and people import tests."""

from tests.imports.conftest import write_csv

__all__ = ["write_csv"]
