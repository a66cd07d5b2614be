"""Checks that the Python packages the plugin needs are importable, and says how to install what is missing.

QGIS desktop embeds the system Python, which does not see a virtual environment; on Debian 12 its own
python3-shapely is 1.8, too old. The message names the exact command instead of showing a traceback.
"""
from __future__ import annotations

import importlib

#: (module, minimum major version or None, pip requirement)
REQUIREMENTS = (
    ("shapely", 2, "shapely>=2.0,<3"),
    ("pandas", None, "pandas"),
    ("yaml", None, "pyyaml"),
    ("numpy", None, "numpy<2"),
)

INSTALL_HINT_DEBIAN = 'python3 -m pip install --user --break-system-packages "shapely>=2.0,<3" pandas pyyaml'
INSTALL_HINT_WINDOWS = 'OSGeo4W Shell: python -m pip install "shapely>=2.0,<3" pandas pyyaml'


def missing_requirements() -> list[str]:
    """The pip requirements that are missing or too old, in a stable order (empty when all is well)."""
    missing = []
    for module, major, requirement in REQUIREMENTS:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            missing.append(requirement)
            continue
        if major is not None:
            version = getattr(mod, "__version__", "0")
            try:
                if int(version.split(".")[0]) < major:
                    missing.append(requirement)
            except ValueError:
                missing.append(requirement)
    return missing


def install_message(missing: list[str]) -> str:
    return (
        "國土功能分區劃設工具需要下列 Python 套件 / The zoning toolkit needs these Python packages: "
        + ", ".join(missing)
        + ". Debian/Ubuntu: " + INSTALL_HINT_DEBIAN + " ; Windows: " + INSTALL_HINT_WINDOWS
    )
