"""Errors that stop a run with exit code 2 and a one-line message (no traceback)."""


class UsageError(Exception):
    """Bad command line, configuration or rule pack: the message names what and where."""
