"""The benchmark command runs end to end against a real server (timings are not asserted)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_measures_the_rule_and_serves_every_page(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        # Always a throwaway SQLite file: the benchmark fills its database.
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["SQLITE_PATH"] = str(tmp_path / "scratch.sqlite3")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    refused = subprocess.run(
        [*manage, "benchmark"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "--scratch" in refused.stderr
    result = subprocess.run(
        [
            *manage,
            "benchmark",
            "--scratch",
            "--records",
            "2",
            "--requests",
            "5",
            "--concurrency",
            "2",
            "--workers",
            "1",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "records: 344 in all" in out
    assert len(re.findall(r"standings +as of .*ms", out)) == 3
    served = re.findall(r"ok +(\d+)/(\d+)", out)
    assert len(served) == 6 and all(ok == total == "5" for ok, total in served), out
