"""Well-known mail domains: free-mail providers and hiring/scheduling tools.

Neither kind says who the employer is: a recruiter writing from gmail.com or an invitation sent
by greenhouse.io names no company by its domain.
"""

from __future__ import annotations

FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.de",
        "hotmail.fr",
        "hotmail.es",
        "hotmail.it",
        "live.com",
        "live.de",
        "live.fr",
        "live.nl",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.de",
        "yahoo.fr",
        "yahoo.es",
        "yahoo.it",
        "yahoo.co.jp",
        "ymail.com",
        "rocketmail.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "gmx.at",
        "gmx.ch",
        "web.de",
        "t-online.de",
        "freenet.de",
        "posteo.de",
        "mailbox.org",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "wanadoo.fr",
        "libero.it",
        "virgilio.it",
        "tiscali.it",
        "alice.it",
        "terra.com.br",
        "uol.com.br",
        "bol.com.br",
        "ig.com.br",
        "wp.pl",
        "o2.pl",
        "onet.pl",
        "interia.pl",
        "op.pl",
        "ziggo.nl",
        "kpnmail.nl",
        "planet.nl",
        "xs4all.nl",
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "softbank.ne.jp",
        "nifty.com",
        "fastmail.com",
        "fastmail.fm",
        "hey.com",
        "zoho.com",
        "zohomail.com",
        "yandex.ru",
        "yandex.com",
        "mail.ru",
        "qq.com",
        "163.com",
        "126.com",
        "naver.com",
        "tutanota.com",
        "tuta.io",
        "hushmail.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "sbcglobal.net",
        "bigpond.com",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "seznam.cz",
        "telenet.be",
        "skynet.be",
        "bluewin.ch",
        "sapo.pt",
        "outlook.de",
        "outlook.fr",
        "outlook.es",
        "outlook.it",
        "outlook.jp",
    }
)

# Applicant-tracking systems: an invitation from one of them is about hiring (a meeting tool
# such as Zoom says nothing about hiring).
ATS_DOMAINS: frozenset[str] = frozenset(
    {
        "greenhouse.io",
        "greenhouse-mail.io",
        "us.greenhouse-mail.io",
        "lever.co",
        "hire.lever.co",
        "ashbyhq.com",
        "ashbymail.com",
        "myworkday.com",
        "myworkdayjobs.com",
        "goodtime.io",
        "modernloop.io",
        "smartrecruiters.com",
        "icims.com",
        "jobvite.com",
        "taleo.net",
        "successfactors.com",
        "successfactors.eu",
        "recruitee.com",
        "personio.de",
        "workable.com",
        "teamtailor.com",
        "bamboohr.com",
        "breezy.hr",
        "jazzhr.com",
        "gem.com",
        "paradox.ai",
        "hirevue.com",
        "pinpointhq.com",
        "softgarden.io",
        "applytojob.com",
        "workablemail.com",
        "smartrecruitersmail.com",
        "teamtailor-mail.com",
        "zohorecruit.com",
        "gupy.io",
        "hrmos.co",
        "herp.cloud",
        "amazon.jobs",
        "join.com",
    }
)

# Applicant-tracking systems, schedulers and meeting tools whose addresses or links appear on
# interview invitations. Their domain names the tool, never the employer.
SCHEDULER_DOMAINS: frozenset[str] = ATS_DOMAINS | frozenset(
    {
        "jobs.lever.co",
        "workday.com",
        "calendly.com",
        "personio.com",
        "rippling.com",
        "codility.com",
        "hackerrank.com",
        "coderpad.io",
        "codesignal.com",
        "karat.io",
        "karat.com",
        "interviewing.io",
        "zoom.us",
        "zoom.com",
        "teams.microsoft.com",
        "microsoft.com",
        "google.com",
        "calendar.google.com",
        "meet.google.com",
        "webex.com",
        "gotomeeting.com",
        "whereby.com",
        "calendar-notification.google.com",
        "resource.calendar.google.com",
        "group.calendar.google.com",
        "cal.com",
        "doodle.com",
        "hubspot.com",
        "outlook.office365.com",
        "chilipiper.com",
        "savvycal.com",
        "youcanbook.me",
        "acuityscheduling.com",
        "linkedin.com",
        "indeed.com",
        "glassdoor.com",
        "wellfound.com",
        "angel.co",
        "softgarden.de",
        "welcometothejungle.com",
        "talent.io",
        "hireright.com",
        "dover.com",
        "beamery.com",
        "eightfold.ai",
        "jobteaser.com",
        "welcomekit.co",
        "flatchr.io",
        "metaview.ai",
        "brighthire.ai",
        "prelude.co",
        "yello.co",
        "tryexponent.com",
        "pramp.com",
        "usertesting.com",
        "userinterviews.com",
    }
)


def domain_of(address: str) -> str:
    """The lower-case domain of an e-mail address, or ``""``."""
    return address.rpartition("@")[2].strip().lower() if "@" in address else ""


def _matches(domain: str, known: frozenset[str]) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in known for i in range(len(parts) - 1))


def is_free_mail(domain: str) -> bool:
    """True for a free-mail provider's domain (or one of its sub-domains)."""
    return _matches(domain.lower(), FREE_MAIL_DOMAINS)


def is_ats(domain: str) -> bool:
    """True for an applicant-tracking system's domain (or sub-domain)."""
    return _matches(domain.lower(), ATS_DOMAINS)


def is_scheduler(domain: str) -> bool:
    """True for an applicant-tracking, scheduling or meeting tool's domain (or sub-domain)."""
    return _matches(domain.lower(), SCHEDULER_DOMAINS)
