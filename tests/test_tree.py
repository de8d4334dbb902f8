"""Reading a generated tree back: what ``check`` and staging compare against."""

from __future__ import annotations

from pathlib import Path

from generator.emit.tree import read_tree


def test_read_tree_lists_files_by_posix_path_in_path_order(tmp_path: Path) -> None:
    root = tmp_path / "out"
    for rel, data in {
        "pkg/a-b.py": b"1",
        "pkg/a/z.py": b"2",
        "README.md": b"3",
        "pkg/__pycache__/x.cpython-311.pyc": b"ignored",
        "pkg/stale.pyc": b"ignored",
        "pkg.egg-info/PKG-INFO": b"ignored",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.py").write_bytes(b"not part of the tree")
    (root / "pkg" / "linked").symlink_to(outside, target_is_directory=True)
    tree = read_tree(root)
    # Path order: a folder's files before a sibling whose name sorts after the folder's.
    assert list(tree) == ["README.md", "pkg/a/z.py", "pkg/a-b.py"]
    assert tree == {"README.md": b"3", "pkg/a/z.py": b"2", "pkg/a-b.py": b"1"}


def test_read_tree_of_a_missing_folder_or_a_file_is_empty(tmp_path: Path) -> None:
    assert read_tree(tmp_path / "missing") == {}
    (tmp_path / "file").write_text("x")
    assert read_tree(tmp_path / "file") == {}
