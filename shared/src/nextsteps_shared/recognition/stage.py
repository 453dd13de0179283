"""The interview round, when the event states it, normalised to a small vocabulary.

Stages (``STAGES``):

- ``recruiter_screen``: first call with a recruiter or HR (phone screen, screening call,
  Telefoninterview, entretien RH, カジュアル面談...);
- ``hiring_manager``: a conversation with the future manager (HM chat, entretien avec le
  manager, bate-papo com gestor...);
- ``technical``: coding or technical interview (live coding, pair programming, 技術面接...);
- ``system_design``: a system-design interview;
- ``take_home_review``: review or presentation of a take-home assignment or case;
- ``panel``: several interviewers at once, or a group interview;
- ``onsite``: an onsite or virtual-onsite loop, superday or assessment centre;
- ``final``: the final round;
- ``other``: a stated round that is none of the above (culture fit, behavioural, case...).

The title is read first; the description only when the title states no stage.
"""

from __future__ import annotations

from re import Pattern

from nextsteps_shared.recognition.vocabulary import any_of

STAGES: tuple[str, ...] = (
    "recruiter_screen",
    "hiring_manager",
    "technical",
    "system_design",
    "take_home_review",
    "panel",
    "onsite",
    "final",
    "other",
)

_RULES: tuple[tuple[str, Pattern[str]], ...] = (
    (
        "final",
        any_of(
            r"\bfinal (?:round|interview|stage)",
            r"\blast round",
            r"\b(?:letzte|última|ultima|dernière|dernier|laatste|ostatni|ostatnia) "
            r"(?:runde|etapa|fase|ronda|étape|ronde|etap|tour)\b",
            r"\b(?:final|last) (?:stage|step|rd)\b",
            r"finales gespr",
            r"finalrunde",
            r"entretien final",
            r"entrevista final",
            r"eindgesprek",
            r"colloquio finale",
            r"finałow",
            r"最終面接",
            r"役員面接",
            r"\bfinal\b",
        ),
    ),
    (
        "take_home_review",
        any_of(
            r"take[- ]?home",
            r"home assignment",
            r"probeaufgabe",
            r"étude de cas",
            r"etude de cas",
            r"prueba técnica(?! en vivo)",
            r"ejercicio para casa",
            r"thuisopdracht",
            r"compito a casa",
            r"zadanie rekrutacyjne",
            r"課題",
            r"apresentação do case",
            r"fallstudie",
            r"caso (?:studio|práctico|prático)",
            r"estudo de caso",
            r"\bcase[- ]?(?:study|studie|opdracht|presenta)",
            r"zadani\w* domow",
            r"desafio técnico",
        ),
    ),
    (
        "system_design",
        any_of(
            r"sys(?:tem)?s? ?-?design",
            r"diseño de sistemas",
            r"システムデザイン",
            r"ml design",
        ),
    ),
    (
        "onsite",
        any_of(
            r"\bon-?site\b",
            r"\bsuperday\b",
            r"interview day",
            r"assessment",
            r"\bloop\b",
            r"in presenza",
            r"\bvor ort\b",
        ),
    ),
    (
        "panel",
        any_of(
            r"\bpanel",
            r"painel",
            r"colloquio di gruppo",
            r"\bprove? di gruppo",
            r"\bepreuves? de groupe",
            r"entretien collectif",
            r"gruppeninterview",
            r"\bgroup interview",
            r"grupal",
            r"din[aâá]mica de grupo",
            r"\bgroepsgesprek",
            r"集団面接",
            r"グループ面接",
            r"rozmowa grupowa",
        ),
    ),
    (
        "technical",
        any_of(
            r"\btech(?:nical)? (?:interview|round|screen)",
            r"\bcoding\b",
            r"technical deep dive",
            r"technical phone",
            r"（技術）",
            r"en vivo",
            r"ao vivo",
            r"\btech screen",
            r"etap techniczny",
            r"teste técnico",
            r"live[- ]?coding",
            r"pair[- ]programming",
            r"technisch",
            r"technique",
            r"técnica",
            r"\btecnico",
            r"techniczn",
            r"技術面接",
        ),
    ),
    (
        "hiring_manager",
        any_of(
            r"hiring[- ]manager",
            r"hiring mgr",
            r"\bhm\b",
            r"teamleit",
            r"teamlead",
            r"avec le manager",
            r"\bgestor",
            r"responsable del equipo",
            r"\bresponsabile\b",
            r"z managerem",
            r"futur manager",
            r"future manager",
            r"zukünftige[nr]? (?:chef|führungskraft|vorgesetzte)",
        ),
    ),
    (
        "recruiter_screen",
        any_of(
            r"recruit",
            r"headhunter",
            r"premier échange",
            r"llamada inicial",
            r"primeira conversa",
            r"chiamata conoscitiva",
            r"pierwsza rozmowa",
            r"recursos humanos",
            r"\bdrh\b",
            r"telefonisch",
            r"\(phone\)",
            r"personaler",
            r"entrevista telef",
            r"電話面接",
            r"talent acquisition",
            r"phone (?:screen|interview|call)",
            r"screening",
            r"talent partner",
            r"\bintro\w* (?:met|with|mit|avec|con|com) (?:the )?talent\b",
            r"telefoninterview",
            r"personalabteilung",
            r"erstgespr",
            r"\brh\b",
            r"\bhr\b",
            r"rr\.? ?hh",
            r"reclut",
            r"recrut",
            r"\bintro call",
            r"entretien téléphonique",
            r"colloquio telefonico",
            r"conoscitiv",
            r"entrevista inicial",
            r"conversa inicial",
            r"eerste gesprek",
            r"rekrut",
            r"カジュアル面談",
            r"人事面談",
        ),
    ),
    (
        "other",
        any_of(
            r"culture[- ]?fit",
            r"behaviou?ral",
            r"\bcase interview",
            r"values (?:chat|interview)",
            r"bar raiser",
        ),
    ),
)


def stage_of(title: str, description: str) -> str | None:
    """The stage stated in a lower-cased title, else in the lower-cased description."""
    return _first_stage(title) or _first_stage(description)


def _first_stage(text: str) -> str | None:
    if not text:
        return None
    for stage, pattern in _RULES:
        if pattern.search(text):
            return stage
    return None
