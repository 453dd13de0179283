"""When a calendar refuses an account's credentials: recognising it, and telling the person
what to do (ingest stores the advice as the account's error; ``nextsteps accounts`` shows it).

Only the person can fix a refused credential, so the account waits in ``needs_reconnect``
instead of being retried; the other accounts go on. A Google grant dies when it is revoked,
when the password changes, and, for an OAuth app left in "Testing" publishing status, seven
days after the consent: the advice says so, since that one comes back every week.
"""

from __future__ import annotations

import re
from typing import Final

from nextsteps_shared.accounts.model import Account
from nextsteps_shared.errors import CredentialsRefusedError, PermanentError
from nextsteps_shared.messages import SourceKind

_REFUSED: Final = re.compile(r"\bHTTP (401|403)\b")


def credentials_refused(err: BaseException) -> bool:
    """Whether ``err`` says the server refused the stored credentials."""
    if isinstance(err, CredentialsRefusedError):
        return True
    return isinstance(err, PermanentError) and bool(_REFUSED.search(str(err)))


def reconnect_advice(account: Account, err: BaseException) -> str:
    """One message: what was refused and the command that fixes it."""
    if account.kind is SourceKind.GOOGLE:
        return (
            f"Google refused the stored grant ({err}): it was revoked or it expired. Run "
            f"'nextsteps connect google --reconnect {account.id}': the account keeps its id, "
            "calendars and follow-ups. An OAuth app left in 'Testing' publishing status gets "
            "refresh tokens that expire after 7 days: publish the app in Google Cloud console "
            "(or use an Internal app of a Google Workspace) so that this stops recurring"
        )
    return (
        f"the calendar server refused the stored credentials ({err}); connect the "
        f"account again with 'nextsteps connect' (and 'nextsteps disconnect {account.id}')"
    )
