"""medlint's folder in the user's cache, and the YAML files medlint ships, kept there as JSON.

Parsing the built-in rule packs and the analysis vocabulary from YAML costs about 25 ms, a
tenth of a one-page run; the same data decoded from JSON takes half a millisecond. So the
first run stores each shipped YAML file's data as JSON under a name made of a hash of its
text (a changed pack is a new name), and later runs read that. Only data that JSON gives back
unchanged is stored (a date or a number key would come back different: such a file is parsed
from YAML every time), and a folder that cannot be written is simply not used. A user's own
packs are always read from YAML, so their errors are reported as before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def cache_home() -> Path:
    """medlint's folder in the user's cache: $XDG_CACHE_HOME/medlint, else ~/.cache/medlint."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "medlint")


def shipped_yaml(text: str):
    """The data of a YAML file shipped with medlint (``text``, its content): from its JSON
    copy in the user's cache, made first if there is none. Raises yaml.YAMLError as
    ``yaml.load`` does for text that is not YAML."""
    from medlint.cache import blake2b, write_whole

    stored = cache_home() / f"yaml-{blake2b(text.encode('utf-8'), digest_size=12).hexdigest()}.json"
    try:
        return json.loads(stored.read_bytes())
    except (OSError, ValueError):
        pass  # not stored yet, or damaged: parse it
    import yaml

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        copy = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return data  # holds what JSON cannot say (a date): never stored
    if json.loads(copy) == data:
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            write_whole(stored, copy.encode("utf-8"))
        except OSError:
            pass
    return data
