"""Interview recognition: is an event a job interview in which the owner is the candidate?

``recognise(event, owner)`` returns a :class:`~nextsteps_shared.interview.Recognition`: the
verdict, a score and the cues behind it, and the employer, role and stage when the event says
them. The owner's ``#interview`` / ``#not-interview`` tag (in the description or the title)
overrides the judgement. Stages are listed in ``STAGES`` (see ``stage``).
"""

from __future__ import annotations

from nextsteps_shared.recognition.recogniser import recognise
from nextsteps_shared.recognition.stage import STAGES

__all__ = ["STAGES", "recognise"]
