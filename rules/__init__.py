"""The built-in rule packs (YAML) and word lists: this file makes the folder a package, so they ship in the wheel."""

from pathlib import Path

# Where they are, read as plain files: importlib.resources would find the same folder but
# takes 5 ms to import (zipfile, tempfile), a twentieth of a warm run.
FOLDER = Path(__file__).parent
