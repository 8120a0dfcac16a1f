"""The demo's long Italian texts, kept as data in ``demo/data/<name>.yaml``.

Each file maps lower-case names to plain lists and mappings; the comment above
each entry gives the order of the fields in its rows. The texts are demo data,
not interface strings: they are not marked for translation.
"""

from functools import cache
from pathlib import Path
from types import SimpleNamespace

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> SimpleNamespace:
    """The entries of ``data/<name>.yaml`` as attributes (``load("cms").acts``)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as stream:
        return SimpleNamespace(**yaml.safe_load(stream))
