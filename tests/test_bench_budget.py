"""bench_budget.py: the arithmetic that carries the 5 ms budget to a run's machine speed, and the copy of old code."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_budget  # noqa: E402


def _pair(reference: float, all_pages: float) -> dict[str, float]:
    return {"reference": reference, "govnews": 5.0, "govnews, all pages": all_pages, "bare lxml.html parse": 0.7, "GNE": 22.0}


def test_a_machine_twice_as_slow_halves_the_figure():
    then = bench_budget.BUDGET_DAY_MS["govnews"]
    assert bench_budget.at_budget_speed(8.0, 2 * then) == pytest.approx(4.0)
    assert bench_budget.at_budget_speed(8.0, then) == pytest.approx(8.0)


def test_the_verdict_is_the_median_of_the_pairs(capsys):
    then = bench_budget.BUDGET_DAY_MS["govnews"]
    # scaled: 4.0, 4.5 and 7.0 ms: the median 4.5 is within the budget although one pair is not
    pairs = [_pair(2 * then, 8.0), _pair(2 * then, 9.0), _pair(2 * then, 14.0)]
    assert bench_budget.report(pairs, 73) is True
    out = capsys.readouterr().out
    assert "median of the pairs: 4.50 ms" in out and "budget is met" in out
    assert "2.00x" in out  # the budget day's code took twice its time then

    assert bench_budget.report([_pair(then, 5.5)], 73) is False
    assert "NOT met" in capsys.readouterr().out


def test_old_code_is_copied_out_of_the_history(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_budget, "BUDGET_COMMIT", "HEAD")  # any clone has HEAD; the script needs dbac7e2
    tree = bench_budget.budget_day_tree(tmp_path)
    assert (tree / "govnews" / "extraction" / "article.py").is_file()


def test_a_commit_missing_from_the_history_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_budget, "BUDGET_COMMIT", "0" * 40)
    with pytest.raises(SystemExit) as stopped:
        bench_budget.budget_day_tree(tmp_path)
    message = str(stopped.value)
    assert message.startswith("bench_budget: cannot copy the budget day's code") and "\n" not in message
