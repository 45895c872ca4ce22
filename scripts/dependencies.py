"""Print the dependencies declared in pyproject.toml, one per line, for pip -r.

Usage: dependencies.py runtime [test]
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for group in sys.argv[1:]:
    extra = project["optional-dependencies"]
    deps = project["dependencies"] if group == "runtime" else extra[group]
    print("\n".join(deps))
