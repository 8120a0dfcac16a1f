"""Issue 19's targets as one table: each benchmark records its ratios, `make bench` prints them.

A benchmark calls ``record(...)`` for each target it measures (benchmarks may run their work in
child processes, so the rows go through a file under var/bench/); ``bench/run.py`` empties the
file before the first benchmark and prints the table after the last, and puts it, dated, at the
top of the "Targets at a glance" section of bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
ROWS = ROOT / "var" / "bench" / "summary.json"
SECTION = "## Targets at a glance (`make bench`)"
MARKER = "<!-- summary: the newest run first -->"


@dataclass(frozen=True)
class Row:
    benchmark: str
    target: str
    measured: float
    goal: float
    at_least: bool  # True: the measure must reach the goal; False: stay under it

    @property
    def met(self) -> bool:
        return self.measured >= self.goal if self.at_least else self.measured <= self.goal


def reset() -> None:
    ROWS.parent.mkdir(parents=True, exist_ok=True)
    ROWS.write_text("[]")


def record(benchmark: str, target: str, measured: float, goal: float, *, at_least: bool) -> None:
    """Add one measured ratio (or count) and its goal to this run's table."""
    ROWS.parent.mkdir(parents=True, exist_ok=True)
    rows = json.loads(ROWS.read_text()) if ROWS.exists() else []
    rows.append(asdict(Row(benchmark, target, round(measured, 2), goal, at_least)))
    ROWS.write_text(json.dumps(rows, indent=1))


def rows() -> list[Row]:
    return [Row(**row) for row in json.loads(ROWS.read_text())] if ROWS.exists() else []


def _number(value: float) -> str:
    return f"{value:g}"


def table(found: list[Row]) -> str:
    lines = [
        "| benchmark | target | measured | goal | met |",
        "|---|---|---|---|---|",
    ]
    for row in found:
        goal = ("≥ " if row.at_least else "≤ ") + _number(row.goal)
        met = "yes" if row.met else "**no**"
        lines.append(
            f"| {row.benchmark} | {row.target} | {_number(row.measured)} | {goal} | {met} |"
        )
    return "\n".join(lines)


def _commit() -> str:
    answer = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return answer.stdout.strip() or "unknown"


def heading() -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    return f"### {when}, commit {_commit()}, load average {load:.1f} at the end"


def write_section(section: str, marker: str, text: str) -> None:
    """Put ``text`` at the top of its section of RESULTS.md, leaving other sections alone."""
    content = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if marker not in content:
        content = content.rstrip("\n") + f"\n\n{section}\n\n{marker}\n"
    head, tail = content.split(marker, 1)
    RESULTS.write_text(f"{head}{marker}\n\n{text}\n{tail}")


def publish() -> None:
    """Print this run's table and keep it in RESULTS.md (nothing when no target was measured)."""
    found = rows()
    if not found:
        return
    text = f"{heading()}\n\n{table(found)}\n"
    print("\n== issue 19's targets\n" + table(found))
    write_section(SECTION, MARKER, text)
