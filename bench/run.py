"""Run every benchmark in this folder (bench_*.py) and print what each measures.

Benchmarks are never part of the test suite: they measure, they do not judge. After the
last one, issue 19's targets they measured are printed as one table (bench/summary.py).
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench import summary  # noqa: E402


def main():
    selected = sys.argv[1:]
    summary.reset()
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and path.stem not in selected:
            continue
        print(f"== {path.stem}")
        runpy.run_path(str(path), run_name="__main__")
    summary.publish()


if __name__ == "__main__":
    main()
