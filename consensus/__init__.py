"""consensus: a neutral brief of one story from several outlets, every statement with its support count."""

__version__ = "0.1.0"
