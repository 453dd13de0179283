"""``nextsteps ignore EVENT`` / ``nextsteps track EVENT``: the owner corrects a recognition.

The same as the ``#not-interview`` / ``#interview`` tag in the event's notes, from the command
line. The correction is stored (``recognition_corrections``); ingest applies it at its next
poll: an ignored interview's follow-ups are removed, a tracked event gets them.
"""

from __future__ import annotations

import argparse

from nextsteps_launcher.account_commands import account_store
from nextsteps_launcher.arguments import UsageError
from nextsteps_shared.accounts.corrections import Verdict, correction_now, open_correction_store
from nextsteps_shared.ical.followup_writer import UID_SUFFIX
from nextsteps_shared.settings import NextstepsSettings

_EFFECT = {
    Verdict.NOT_INTERVIEW: ("not an interview", "removes its follow-ups", "track"),
    Verdict.INTERVIEW: ("an interview", "plans its follow-ups", "ignore"),
}


def correct(args: argparse.Namespace, settings: NextstepsSettings) -> int:
    """Store the owner's verdict on one event (by UID), in one account or in every one."""
    verdict = Verdict.NOT_INTERVIEW if args.command == "ignore" else Verdict.INTERVIEW
    uid = args.event.strip()
    if not uid:
        raise UsageError(
            "give the event's UID (see 'nextsteps status' or 'nextsteps plan FILE.ics --json')"
        )
    if uid.endswith(UID_SUFFIX):
        raise UsageError(f"{uid} is a follow-up nextsteps wrote: delete it in your calendar")
    if args.account is not None:
        account_store(settings).get(args.account)  # an unknown account is reported here
    database = settings.database_url.get_secret_value() if settings.database_url else None
    open_correction_store(settings.data_dir, database).record(
        correction_now(args.account, uid, verdict)
    )
    what, effect, opposite = _EFFECT[verdict]
    where = f"in account {args.account}" if args.account else "in every account"
    print(f"Event {uid} is {what} {where}: at its next poll nextsteps {effect}.")
    print(f"To change your mind: nextsteps {opposite} {uid}")
    return 0
