# ruff: noqa: I001  (twzoning must be imported before shapely: that import is what the probe tests)
"""PYQGIS_STARTUP script for test_geos_isolation: import the plugin package the way QGIS does, then probe GEOS."""
import os
import sys

sys.path.insert(0, os.environ["TWZONING_PLUGINS_DIR"])
import twzoning  # noqa: E402,F401  (the import under test)
import shapely  # noqa: E402
from shapely.geometry import Point  # noqa: E402

ring = Point(0, 0).buffer(100, 16).exterior
print("GEOS_PROBE", shapely.geos_version_string, float(shapely.hausdorff_distance(ring, ring)), file=sys.stderr)
