"""Atomic writes: nothing partial is ever left in place of the target."""
from __future__ import annotations

import os
import stat

import pytest

from twzoning.core.fileio import atomic_target, write_text


def test_written_file_replaces_target_with_normal_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    write_text(target, "新的內容")
    assert target.read_text(encoding="utf-8") == "新的內容"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"good")
    with pytest.raises(RuntimeError), atomic_target(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(b"half")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_missing_folder_is_created(tmp_path):
    write_text(tmp_path / "a" / "b" / "report.html", "<p>ok</p>")
    assert (tmp_path / "a" / "b" / "report.html").exists()
