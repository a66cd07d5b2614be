"""Taiwan Land Zoning Toolkit (國土功能分區劃設工具): QGIS plugin entry point.

Nothing here imports QGIS at module level, so the pure ``core`` package can be imported and tested without QGIS.
"""
import os
import sys


def _import_shapely_with_its_own_geos() -> None:
    """Import shapely so that its bundled GEOS resolves its own symbols.

    Inside QGIS (desktop and ``qgis_process``) the process has already loaded the system GEOS (3.11 on Debian 12).
    The C++ symbols of shapely's bundled GEOS (3.14) are then interposed by the system library and some
    operations give wrong answers (measured: ``hausdorff_distance(ring, ring)`` = 200 instead of 0). Loading
    shapely's extension with ``RTLD_DEEPBIND`` makes it bind to its own GEOS first. numpy is imported before, with
    the normal flags.
    """
    if "shapely" in sys.modules or not hasattr(os, "RTLD_DEEPBIND"):
        return
    try:
        import numpy  # noqa: F401
    except ImportError:
        return  # reported by core.deps when the plugin loads
    flags = sys.getdlopenflags()
    sys.setdlopenflags(flags | os.RTLD_DEEPBIND)
    try:
        import shapely  # noqa: F401
    except ImportError:
        pass  # reported by core.deps when the plugin loads
    finally:
        sys.setdlopenflags(flags)


_import_shapely_with_its_own_geos()


def classFactory(iface):  # noqa: N802 (QGIS API)
    """Called by QGIS to create the plugin instance."""
    from .plugin import TwZoningPlugin

    return TwZoningPlugin(iface)
