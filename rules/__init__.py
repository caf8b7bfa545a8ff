"""The built-in rule packs (YAML). This file only makes the folder a package so the packs ship in the wheel."""
