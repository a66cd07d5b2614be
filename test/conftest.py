"""Test configuration shared by every tier.

The repository root *is* the plugin package (installed as the folder ``twzoning``), so the checkout folder may have
any name. We register the root as the package ``twzoning`` before any test imports it; ``core`` never imports QGIS,
so unit tests run without a QGIS installation.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_DATA = ROOT / "test" / "data"


def _register_package() -> None:
    if "twzoning" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "twzoning", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["twzoning"] = module
    spec.loader.exec_module(module)


_register_package()
