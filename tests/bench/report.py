"""Targets (met / not met, computed from the measurements) and the markdown of docs/benchmarks.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .measure import Stats

# Everything after this line in docs/benchmarks.md is hand-written and survives `make bench`.
KEEP_MARKER = "<!-- Hand-written below this line; `make bench` keeps it as it is. -->"
DEFAULT_KEPT = (
    "\n## Profile\n\n"
    "_Not written yet: where the time of a cold generation goes (per stage), what was changed "
    "because of it, and what the next bottleneck is._\n"
)


@dataclass(frozen=True)
class GenResult:
    """One tool on one spec: timings of the successful runs, or why it failed."""

    tool: str
    spec: str
    seconds: Stats | None
    peak_mb: Stats | None
    files: int
    py_lines: int
    error: str  # empty when every run succeeded

    @property
    def ok(self) -> bool:
        return not self.error and self.seconds is not None


@dataclass(frozen=True)
class Target:
    goal: str
    measured: str
    met: bool


def cold_generation_targets(
    results: Sequence[GenResult], big_specs: Sequence[str], ours: str
) -> list[Target]:
    """Per big spec: ours succeeded and its median beats the median of every peer that succeeded."""
    targets = []
    for spec in big_specs:
        on_spec = [r for r in results if r.spec == spec]
        mine = next((r for r in on_spec if r.tool == ours), None)
        goal = f"cold generation of {spec}: succeeds and beats every peer that succeeds"
        if mine is None or not mine.ok or mine.seconds is None:
            why = mine.error if mine is not None else "not run"
            targets.append(Target(goal, f"ours failed: {why}", False))
            continue
        rivals = [r for r in on_spec if r.tool != ours and r.ok and r.seconds]
        targets.append(Target(goal, *_versus(mine.seconds, rivals, on_spec, ours)))
    return targets


def _versus(
    mine: Stats, rivals: Sequence[GenResult], on_spec: Sequence[GenResult], ours: str
) -> tuple[str, bool]:
    failed = [r.tool for r in on_spec if r.tool != ours and not r.ok]
    failed_note = f"; failed: {', '.join(failed)}" if failed else ""
    if not rivals:
        return f"ours {seconds(mine)}; no peer succeeded{failed_note}", True
    fastest = min(rivals, key=lambda r: r.seconds.median if r.seconds else 0.0)
    assert fastest.seconds is not None
    met = all(r.seconds is not None and mine.median < r.seconds.median for r in rivals)
    return (
        f"ours {seconds(mine)} vs fastest peer {fastest.tool} "
        f"{seconds(fastest.seconds)}{failed_note}",
        met,
    )


def regeneration_target(
    spec: str, regen: Stats | None, regen_error: str, cold: Stats | None
) -> Target:
    """Regeneration after a one-operation edit ≤ 25 % of cold generation of the same spec;
    ``cold``: the first generations of the regeneration's own runs."""
    goal = f"regeneration after a one-operation edit ≤ 25 % of cold generation ({spec})"
    if regen is None:
        return Target(goal, f"regeneration failed: {regen_error or 'not run'}", False)
    if cold is None:
        return Target(goal, "no cold figure to compare with", False)
    return ratio_target(goal, regen, cold, 0.25, "s")


def ratio_target(
    goal: str, value: Stats, baseline: Stats, limit: float, unit: str
) -> Target:
    """``value`` ≤ ``limit`` × ``baseline``, on medians."""
    ratio = value.median / baseline.median
    measured = (
        f"{_amount(value.median, unit)} / {_amount(baseline.median, unit)} = "
        f"{ratio:.2f}× (limit {limit:g}×)"
    )
    return Target(goal, measured, ratio <= limit)


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def seconds(stats: Stats) -> str:
    return f"{stats.median:.2f} s ({stats.low:.2f}–{stats.high:.2f})"


def millis(stats: Stats) -> str:
    return (
        f"{stats.median * 1000:.1f} ms ({stats.low * 1000:.1f}–{stats.high * 1000:.1f})"
    )


def micros(stats: Stats) -> str:
    return f"{stats.median * 1e6:.1f} µs ({stats.low * 1e6:.1f}–{stats.high * 1e6:.1f})"


def megabytes(stats: Stats) -> str:
    return f"{stats.median:.0f} MB ({stats.low:.0f}–{stats.high:.0f})"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
        for row in rows
    ]
    return "\n".join(lines)


def targets_table(targets: Sequence[Target]) -> str:
    rows = [
        (t.goal, t.measured, "**MET**" if t.met else "**NOT MET**") for t in targets
    ]
    return table(("target", "measured (medians)", "result"), rows)


def write_report(path: Path, generated: str) -> None:
    """Replace the generated part of ``path``; keep what was written by hand after the marker."""
    kept = DEFAULT_KEPT
    if path.exists():
        previous = path.read_text(encoding="utf-8")
        if KEEP_MARKER in previous:
            kept = previous.split(KEEP_MARKER, 1)[1]
    path.write_text(
        f"{generated.rstrip()}\n\n{KEEP_MARKER}\n\n{kept.lstrip(chr(10))}", "utf-8"
    )
