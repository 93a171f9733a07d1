"""Benchmarks (not part of the installed package): run as `python -m bench.<name>`."""
