"""The next-steps timing: the local date by which the employer said the candidate would hear back.

The conventions are listed for users in ``docs/next-steps-timing.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final

from nextsteps_shared.notes import cues
from nextsteps_shared.notes.canonical import canonicalise
from nextsteps_shared.notes.expressions import EXPLICIT, LENIENT, Context, Mention, find_mentions
from nextsteps_shared.notes.folding import fold
from nextsteps_shared.notes.segments import Segment, clauses, sentences, split_updates

MAX_TEXT: Final = 20_000  # longer descriptions are read up to here


@dataclass(frozen=True)
class _Timing:
    mention: Mention
    hedged: bool
    cued: bool  # a "hear back" cue supports it (else it counts as a bare duration or week)

    @property
    def rank(self) -> tuple[bool, bool]:
        """Lower is stronger: firm before hedged, cued before bare."""
        return self.hedged, not self.cued


def _support(mention: Mention, sentence: str, span: tuple[int, int], relaxed: bool) -> bool | None:
    """True if a "hear back" cue supports the mention, False if it counts bare, None if not."""
    clause = sentence[span[0] : span[1]]
    if cues.is_not_a_wait(clause, mention.start, mention.end):
        return None
    verdict = cues.verdict(clause, mention.start, mention.end)
    if verdict is None:  # a cue earlier in the sentence ("Decision: next week")
        verdict = cues.verdict(sentence[: span[0]], span[0], span[0])
    if verdict is not None:
        return True if verdict else None
    deadline = cues.is_deadline(clause, mention.start, mention.end)
    bare = relaxed or mention.kind == LENIENT or deadline
    return False if bare and not cues.has_negative(sentence[: span[1]]) else None


def _is_hedged(clause: str, mentions: list[Mention], index: int) -> bool:
    """A guess word before a mention (since the previous one) hedges it; after the last, too.

    "probably early next week but def by 2/13": only "early next week" is a guess.
    """
    start = mentions[index - 1].end if index else 0
    if cues.is_hedged(clause[start : mentions[index].start]):
        return True
    return index == len(mentions) - 1 and cues.is_hedged(clause[mentions[index].end :])


def _bound(clause: str, mention: Mention) -> str:
    """"latest" for a date stated as the latest, "deadline" for "by <date>", else ""."""
    if cues.is_latest(clause, mention.start, mention.end):
        return "latest"
    if cues.is_deadline(clause, mention.start, mention.end) or cues.is_duration(
        clause[mention.start : mention.end]
    ):
        return "deadline"  # "by Tuesday", "within 2 weeks": a firm window of its own
    return ""


def _sentence_timings(sentence: str, ctx: Context, relaxed: bool) -> list[tuple[_Timing, str]]:
    """The sentence's timings, each with how it is bounded (see :func:`_bound`)."""
    found: list[tuple[_Timing, str]] = []
    for span in clauses(sentence):
        clause = sentence[span[0] : span[1]]
        mentions = find_mentions(clause, ctx)
        for index, mention in enumerate(mentions):
            cued = _support(mention, sentence, span, relaxed)
            if cued is not None:
                timing = _Timing(mention, _is_hedged(clause, mentions, index), cued)
                found.append((timing, _bound(clause, mention)))
    return found


def _timings(segment: Segment, ctx: Context) -> Iterator[_Timing]:
    """Every timing of the segment.

    Beside a firm "at the latest" date, the sentence's other timings are estimates unless they
    are deadlines or durations themselves ("early or mid next week, at the latest next Friday"
    → Friday; "by Tuesday, at the latest Wednesday" → Tuesday; "within a week, 19.06. at the
    latest" → a week).
    """
    for sentence in sentences(canonicalise(segment.text)):
        found = _sentence_timings(sentence, ctx, segment.is_update)
        bounded = any(bound == "latest" and not timing.hedged for timing, bound in found)
        for timing, bound in found:
            yield replace(timing, hedged=True) if bounded and not bound else timing


def _after(timing: _Timing, interview: date) -> bool:
    """Not before the interview; a written date on the interview's own day is the interview."""
    due = timing.mention.due
    if due is None:
        return True
    return due > interview or (due == interview and timing.mention.kind != EXPLICIT)


def _resolve(timing: _Timing, ctx: Context, previous: date | None) -> date | None:
    mention = timing.mention
    if mention.due is not None:
        return mention.due
    return (previous or ctx.reference) + timedelta(days=mention.extend_days)


def _strongest(timings: list[_Timing]) -> list[_Timing]:
    best = min(timing.rank for timing in timings)
    return [timing for timing in timings if timing.rank == best]


def _first_promise(timings: list[_Timing], ctx: Context) -> date | None:
    return _resolve(_strongest(timings)[0], ctx, None)


def _update(timings: list[_Timing], ctx: Context, previous: date | None) -> date | None:
    return _resolve(_strongest(timings)[-1], ctx, previous)


def next_steps_due(text: str, interview_date: date, timezone: str) -> date | None:
    """The local date by which the employer said the candidate would hear back, or None.

    ``interview_date`` is the interview's local date in its own ``timezone`` (an IANA name,
    which also decides how numeric dates read: month/day in ``America/*``, else day/month).
    """
    month_first = timezone.startswith("America/")
    due: date | None = None
    for segment in split_updates(fold(text[:MAX_TEXT]), interview_date, month_first):
        ctx = Context(segment.reference or interview_date, month_first)
        timings = [timing for timing in _timings(segment, ctx) if _after(timing, interview_date)]
        if not timings:
            continue
        if segment.is_update:
            due = _update(timings, ctx, due)
        elif due is None:
            due = _first_promise(timings, ctx)
    return due
