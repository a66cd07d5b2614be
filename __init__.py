"""Taiwan Land Zoning Toolkit (國土功能分區劃設工具): QGIS plugin entry point.

Nothing here imports QGIS at module level, so the pure ``core`` package can be imported and tested without QGIS.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Called by QGIS to create the plugin instance."""
    from .plugin import TwZoningPlugin

    return TwZoningPlugin(iface)
