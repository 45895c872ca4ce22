"""The benchmark command runs end to end against a real server (timings are not asserted)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_fills_measures_and_serves_every_page(tmp_path):
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
    results = tmp_path / "results.json"
    run = [
        *manage,
        "benchmark",
        "--scratch",
        "--reports",
        "2",
        "--records",
        "500",
        "--requests",
        "3",
    ]
    result = subprocess.run(
        [*run, "--json", str(results)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "reports: 2 synthetic loaded" in out and "records: 500 in all" in out
    assert len(re.findall(r"^\| [a-zA-Z ,()]+ \| [0-9.]+ \|", out, re.M)) == 7
    found = json.loads(results.read_text())
    assert found["records"] == 500 and found["reports"] == 5
    # Three shipped reports' owners and two synthetic ones' (4 × 43 + 3 each).
    assert found["owners"] > 2 * (4 * 43 + 3)
    assert {page["page"] for page in found["pages"]} == {
        "dashboard (one report)",
        "overdue report",
        "overdue CSV",
        "force page",
        "recommendation page",
        "API overdue (one report)",
        "API standings, a page (every report)",
    }
    for page in found["pages"]:
        assert page["p50_ms"] > 0 and page["cold_p50_ms"] > 0
        assert 0 < page["queries"] <= 25
    assert len(found["rule_ms"]) == 4
    # Run again: nothing more to add, and it still measures.
    again = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "records: 500 already" in again.stdout
