"""medlint: a content-quality linter for patient-education pages."""

__version__ = "0.1.0"
