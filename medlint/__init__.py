"""medlint: a content-quality linter for patient-education pages.

The Python API (``lint_text``, ``lint_paths``; see ``medlint.api``) is imported on first
use, so ``medlint --version`` does not pay for the engine.
"""

# The one place the version lives: pyproject.toml reads it (dynamic version), `medlint
# --version` prints it, and the release is tagged v<this>.
__version__ = "0.3.0"

__all__ = ["__version__", "lint_text", "lint_paths"]


def __getattr__(name: str):
    if name in ("lint_text", "lint_paths"):
        from medlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'medlint' has no attribute '{name}'")
