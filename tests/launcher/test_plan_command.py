"""`nextsteps plan` and `nextsteps run` as a person runs them: the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CLI = Path(sys.executable).with_name("nextsteps")
SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "services/launcher/src/nextsteps_launcher/samples/interviews.ics"
)
SAMPLE_ARGS = [
    "--owner",
    "sam.rivera@example.net",
    "--tz",
    "Europe/Berlin",
    "--now",
    "2026-03-02T08:00Z",
]


def _nextsteps(
    *args: str, data_dir: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--data-dir", str(data_dir)],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _rows(tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    result = _nextsteps("plan", str(SAMPLE), *SAMPLE_ARGS, "--json", *extra, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_has_one_object_per_vevent_as_written(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    assert len(rows) == 12  # 11 UIDs, one of them a recurring master with one override
    weekly = [r for r in rows if r["uid"] == "sample-08-weekly@example.net"]
    assert [r["recurrence_id"] is None for r in weekly] == [True, False]
    assert set(rows[0]) >= {
        "uid",
        "start",
        "is_interview",
        "company",
        "role",
        "next_steps_due",
        "anchor",
        "followups",
    }


def test_sample_interviews_are_found_and_planned(tmp_path: Path) -> None:
    by_uid = {r["uid"]: r for r in _rows(tmp_path) if r["recurrence_id"] is None}
    screen = by_uid["sample-01-lumen-screen@example.net"]
    assert screen["is_interview"] and screen["company"] == "Lumen Analytics"
    assert screen["next_steps_due"] == "2026-03-06"  # "decision by Friday", interview on Monday
    follow_up = next(f for f in screen["followups"] if f["kind"] == "follow_up")
    assert follow_up["start"] == "2026-03-09T10:00:00+01:00"  # business day after, 10:00 Berlin
    for uid in ("sample-04-mock", "sample-05-dentist", "sample-06-podcast", "sample-10-birthday"):
        row = by_uid[f"{uid}@example.net"]
        assert not row["is_interview"] and row["followups"] == [] and row["company"] is None


def test_later_interview_with_same_employer_closes_the_earlier_chain(tmp_path: Path) -> None:
    by_uid = {r["uid"]: r for r in _rows(tmp_path)}
    kinds = [f["kind"] for f in by_uid["sample-01-lumen-screen@example.net"]["followups"]]
    assert "follow_up_again" not in kinds  # the final round on 12 March answered the first screen
    final = by_uid["sample-07-lumen-final@example.net"]
    assert [f["kind"] for f in final["followups"]].count("follow_up_again") == 2


def test_stale_interviews_get_nothing(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "--now", "2026-09-01T00:00Z")
    assert all(r["followups"] == [] for r in rows)


def test_table_output_is_readable(tmp_path: Path) -> None:
    result = _nextsteps("plan", str(SAMPLE), *SAMPLE_ARGS, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("12 events, ")
    assert "Follow up now: Lumen Analytics" in result.stdout


def test_plan_sample_plans_the_shipped_sample(tmp_path: Path) -> None:
    result = _nextsteps("plan", "--sample", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INTERVIEW" in result.stdout and "Follow up now" in result.stdout


def test_standard_input_is_read(tmp_path: Path) -> None:
    result = _nextsteps(
        "plan", "-", *SAMPLE_ARGS, "--json", data_dir=tmp_path, stdin=SAMPLE.read_bytes()
    )
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "/nonexistent/cal.ics"], "cannot read /nonexistent/cal.ics"),
        (["plan", str(SAMPLE), "--tz", "Mars/Olympus"], "--tz: 'Mars/Olympus'"),
        (["plan", str(SAMPLE), "--now", "yesterday"], "--now: 'yesterday'"),
        (["plan", str(SAMPLE), "--owner", "sam"], "--owner: 'sam'"),
        (["plan"], "give an .ics file to plan, or --sample"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = _nextsteps(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_calendar_is_status_2(tmp_path: Path) -> None:
    page = tmp_path / "page.ics"
    page.write_text("<html><body>502 Bad Gateway</body></html>")
    result = _nextsteps("plan", str(page), data_dir=tmp_path)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_broken_event_is_skipped_and_reported(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "DTSTART;TZID=Europe/Berlin:20260305T083000", "DTSTART;TZID=Europe/Berlin:2026-13-45"
    )
    broken = tmp_path / "broken.ics"
    broken.write_text(text, encoding="utf-8")
    result = _nextsteps("plan", str(broken), *SAMPLE_ARGS, "--json", data_dir=tmp_path)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 11
    assert "skipped" in result.stderr and "sample-05-dentist" in result.stderr


def test_settings_are_shown_without_secrets(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('encryption_key = "s3cret-value"\n')
    result = _nextsteps("settings", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "s3cret-value" not in result.stdout and "**********" in result.stdout
