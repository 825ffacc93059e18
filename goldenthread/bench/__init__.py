"""Benchmarks: figures to read, not tests to pass. Run with ``goldenthread bench``."""
