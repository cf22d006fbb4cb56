"""The README's Python example runs and prints what it says."""

import re
import subprocess
import sys

from conftest import ROOT, read


def python_blocks() -> list:
    readme = read(ROOT / "README.md")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_python_example_runs(tmp_path):
    blocks = python_blocks()
    assert len(blocks) == 1
    assert len(blocks[0].strip().splitlines()) <= 12
    done = subprocess.run(
        [sys.executable, "-c", blocks[0]], cwd=tmp_path, capture_output=True, check=True
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert [line.split(" | ")[0] for line in lines] == [
        "汪淼觉得，自己的人生就像一场实验。",
        "今天，他终于见到了史强。",
    ]
    assert lines[1].endswith("range(1, 2) range(1, 2)"), lines
    assert (tmp_path / "out.tmx").read_text(encoding="utf-8").count("<tu>") == 2
