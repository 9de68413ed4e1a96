"""Issue item 2: tab completion never imports the user's ``.py`` file (it runs before Enter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bargain

ROOT = Path(bargain.__file__).resolve().parent.parent

EVIL = '''
open({marker!r}, "w").close()
from bargain import Model, Parameter
stake = Parameter("stake", 1.0, (0.0, 5.0))
model = Model("evil", [stake], lambda p: {{(0,): (p.stake,)}}, players=("A",), strategies=(("a",),))
'''


def test_completing_set_after_a_py_file_does_not_run_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.py"
    evil.write_text(EVIL.format(marker=str(marker)))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "_BARGAIN_COMPLETE": "bash_complete",
           "COMP_WORDS": "bargain solve ./evil.py --set ", "COMP_CWORD": "4"}
    out = subprocess.run([sys.executable, "-m", "bargain"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert not marker.exists(), "completion imported the user's file"
    assert "stake=" in out.stdout                  # names are still offered, read from the source text
    assert out.returncode == 0, out.stderr


def test_completion_of_stdin_and_data_files_reads_nothing(tmp_path: Path) -> None:
    for game in ("-", "x.nfg", "no_such_dir/evil.py"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "_BARGAIN_COMPLETE": "bash_complete",
               "COMP_WORDS": f"bargain solve {game} --set ", "COMP_CWORD": "4"}
        out = subprocess.run([sys.executable, "-m", "bargain"], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=60, stdin=subprocess.PIPE)   # stdin open: it must not be read
        assert out.returncode == 0 and "Traceback" not in out.stderr
