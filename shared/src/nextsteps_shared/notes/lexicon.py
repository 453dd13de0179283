"""The words of next-steps notes in nine languages, mapped to canonical tokens.

Every phrase here is written lower-case and without accents (``ł`` stays, as Unicode does not
decompose it), because notes are folded that way before they are read. A phrase maps to a
canonical token in upper case (``WD4`` is Friday, ``M03`` is March, ``NEXTWEEK``...), which the
timing grammar in :mod:`nextsteps_shared.notes.expressions` reads. Longer phrases win over shorter
ones, so ``next steps`` is never read as ``next``.
"""

from __future__ import annotations

from typing import Final

WEEKDAYS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "monday", "mondy", "montag", "lundi", "lunes", "segunda-feira", "segunda feira",
        "maandag", "lunedi", "poniedziałek", "poniedziałku", "月曜日", "月曜", "(月)",
    ),
    (
        "tuesday", "tue", "tues", "tuseday", "teusday", "tuesdy", "dienstag", "mardi", "martes",
        "terca-feira", "terca feira", "terca", "dinsdag", "martedi", "wtorek", "wtorku",
        "火曜日", "火曜", "(火)",
    ),
    (
        "wednesday", "wed", "weds", "wensday", "wednsday", "wendesday", "wedensday", "mittwoch",
        "mercredi", "miercoles", "quarta-feira", "quarta feira", "woensdag", "mercoledi",
        "sroda", "srody", "srode", "水曜日", "水曜", "(水)",
    ),
    (
        "thursday", "thu", "thur", "thurs", "thrusday", "thursdy", "thurday", "donnerstag",
        "jeudi", "jueves", "quinta-feira", "quinta feira", "donderdag", "giovedi", "czwartek",
        "czwartku", "木曜日", "木曜", "(木)",
    ),
    (
        "friday", "fri", "firday", "fridy", "frday", "fryday", "friay", "freitag", "vendredi",
        "viernes", "sexta-feira", "sexta feira", "sexta", "vrijdag", "venerdi", "piatek",
        "piatku", "金曜日", "金曜", "(金)",
    ),
    (
        "saturday", "sat", "samstag", "samedi", "sabado", "zaterdag", "sobota", "soboty",
        "sobote", "土曜日", "土曜",
    ),
    (
        "sunday", "sun", "sonntag", "dimanche", "domingo", "zondag", "domenica", "niedziela",
        "niedzieli", "niedziele", "日曜日", "日曜",
    ),
)

MONTHS: Final[tuple[tuple[str, ...], ...]] = (
    ("january", "jan", "januar", "janner", "janvier", "enero", "janeiro", "januari", "gennaio",
     "styczen", "stycznia", "styczniu"),
    ("february", "feb", "februar", "fevrier", "febrero", "fevereiro", "februari", "febbraio",
     "luty", "lutego", "lutym"),
    ("march", "mar", "marz", "mrz", "mars", "marzo", "marco", "maart", "marzec", "marca",
     "marcu"),
    ("april", "apr", "avril", "abril", "aprile", "kwiecien", "kwietnia", "kwietniu"),
    ("mai", "mayo", "maio", "mei", "maggio", "maj", "maja"),
    ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "czerwiec", "czerwca",
     "czerwcu"),
    ("july", "jul", "juli", "juillet", "julio", "julho", "luglio", "lipiec", "lipca", "lipcu"),
    ("august", "aug", "aout", "agosto", "augustus", "sierpien", "sierpnia", "sierpniu"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro",
     "settembre", "wrzesien", "wrzesnia", "wrzesniu"),
    ("october", "oct", "oktober", "octobre", "octubre", "outubro", "ottobre", "pazdziernik",
     "pazdziernika", "pazdzierniku"),
    ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada",
     "listopadzie"),
    ("december", "dec", "dezember", "decembre", "diciembre", "dezembro", "dicembre",
     "grudzien", "grudnia", "grudniu"),
)

NUMBERS: Final[dict[str, tuple[str, ...]]] = {
    "1": ("one", "eins", "einer", "einem", "une", "uno", "uma", "een", "jeden", "jednego",
          "jednej", "一"),
    "2": ("two", "zwei", "deux", "dos", "dois", "duas", "twee", "due", "dwa", "dwie", "dwoch",
          "二"),
    "3": ("three", "drei", "trois", "tres", "drie", "tre", "trzy", "trzech", "三"),
    "4": ("four", "vier", "quatre", "cuatro", "quatro", "quattro", "cztery", "czterech", "四"),
    "5": ("five", "funf", "cinq", "cinco", "vijf", "cinque", "piec", "pieciu", "五"),
    "6": ("six", "sechs", "seis", "zes", "sei", "szesc", "szesciu", "六"),
    "7": ("seven", "sieben", "sept", "siete", "sete", "zeven", "sette", "siedem", "siedmiu",
          "七"),
    "8": ("eight", "acht", "huit", "ocho", "oito", "otto", "osiem", "osmiu", "八"),
    "9": ("nine", "neun", "neuf", "nueve", "nove", "negen", "dziewiec", "dziewieciu", "九"),
    "10": ("ten", "zehn", "dix", "diez", "dez", "tien", "dieci", "dziesiec", "dziesieciu", "十"),
    "14": ("fourteen", "vierzehn", "quatorze", "catorce", "catorze", "veertien", "quattordici",
           "czternascie", "czternastu"),
    "15": ("fifteen", "funfzehn", "quinze", "quince", "vijftien", "quindici", "pietnascie",
           "pietnastu"),
    "30": ("thirty", "dreißig", "dreissig", "trente", "treinta", "trinta", "dertig", "trenta",
           "trzydziesci", "trzydziestu"),
}

UNITS: Final[dict[str, tuple[str, ...]]] = {
    "BDAYS": (
        "business days", "business day", "working days", "working day", "work days",
        "workdays", "biz days", "bd", "werktage", "werktagen", "arbeitstage", "arbeitstagen",
        "jours ouvres", "jours ouvrables", "jours ouvres", "dias habiles", "dias laborables",
        "dias uteis", "dia util", "werkdagen", "giorni lavorativi", "dni roboczych",
        "dni robocze", "dnia roboczego", "営業日",
    ),
    "DAYS": (
        "days", "day", "tage", "tagen", "tag", "jours", "jour", "dias", "dia", "dagen", "dag",
        "giorni", "giorno", "gg", "dni", "dzien", "dnia", "日間", "日",
    ),
    "WEEKS": (
        "weeks", "week", "wks", "wk", "weeks'", "week's", "wochen", "woche", "semaines", "semaine",
        "semanas", "semana", "weken", "settimane", "settimana", "tygodni", "tygodnie",
        "tygodnia", "tydzien", "週間", "週",
    ),
    "HOURS": (
        "hours", "hour", "hrs", "h", "stunden", "stunde", "std", "heures", "heure", "horas",
        "hora", "uur", "ore", "godzin", "godziny", "時間",
    ),
    "MONTHS": (
        "months", "month", "monate", "monaten", "monat", "mois", "meses", "mes", "maanden",
        "maand", "mesi", "mese", "miesiace", "miesiecy", "miesiac", "ヶ月", "か月", "カ月",
    ),
}

# Phrases mapped straight to a canonical token or token sequence.
PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "NEXTSTEPS": (
        "next steps", "next step", "nextsteps", "ns", "naechste schritte", "nachste schritte",
        "weiteres vorgehen", "prochaines etapes", "prochaine etape", "la suite",
        "proximos pasos", "siguientes pasos", "proximos passos", "volgende stappen",
        "prossimi passi", "kolejne kroki", "nastepne kroki", "次のステップ", "今後の流れ",
    ),
    "EOW": (
        "eow", "e.o.w.", "e.o.w", "end of week", "end of the week", "end of this week",
        "end of the wk", "end of wk", "end of the working week", "the end of the week",
        "by week's end", "by weeks end", "later this week", "this week", "ende der woche",
        "ende dieser woche", "ende diese woche", "diese woche", "im laufe der woche",
        "bis zum wochenende", "bis wochenende", "fin de semaine", "fin de la semaine",
        "cette semaine", "finales de semana", "final de semana", "finales de la semana",
        "final de la semana", "fin de semana", "fin de la semana", "esta semana",
        "fim da semana", "final da semana", "fim de semana", "essa semana",
        "eind van de week", "einde van de week", "eind deze week", "eind van deze week",
        "deze week", "fine settimana", "fine della settimana", "fine di questa settimana",
        "questa settimana", "koniec tygodnia", "konca tygodnia", "do konca tygodnia",
        "pod koniec tygodnia", "do konca tego tygodnia", "w tym tygodniu",
        "今週中", "今週末", "今週", "by the weekend", "before the weekend", "vor dem wochenende",
        "avant le week-end", "avant le weekend", "voor het weekend", "prima del weekend",
        "przed weekendem", "週末までに", "entro la settimana", "entro questa settimana",
        "in settimana", "deze week nog", "esta semana ainda", "ainda essa semana",
        "ainda esta semana",
    ),
    "NEXTWEEK": (
        "next week", "nxt week", "nächste woche", "naechste woche", "nachste woche",
        "nachster woche", "nachsten woche", "kommende woche", "kommenden woche",
        "kommender woche",
        "semaine prochaine", "la semaine prochaine", "semaine suivante",
        "proxima semana", "semana proxima", "la semana que viene", "semana que viene",
        "semana que vem", "volgende week", "komende week", "prossima settimana",
        "settimana prossima", "przyszłym tygodniu", "przyszłego tygodnia", "przyszły tydzien",
        "nastepnym tygodniu", "nastepnego tygodnia", "来週中", "来週",
    ),
    "WEEKAFTERNEXT": (
        "week after next", "the week after next", "ubernachste woche", "ubernachsten woche",
        "再来週",
    ),
    "ENDOF": (
        "end of", "the end of", "by the end of", "by end of", "late", "ende", "ende des",
        "ende der", "fin", "fin de", "fin du", "a la fin du", "a la fin de", "finales de",
        "final de", "a fin de", "fim de", "fim do", "fim da", "no fim de",
        "no final de", "final do", "eind", "eind van", "einde van", "eind", "fine", "fine di",
        "a fine", "entro fine", "koniec", "konca", "pod koniec", "do konca",
    ),
    "EARLY": (
        "early", "beginning of", "the beginning of", "start of", "the start of", "anfang",
        "anfang der", "anfang des", "debut", "debut de", "debut du", "au debut de",
        "principios de", "a principios de", "comienzos de", "inicio de", "inicio do",
        "inicio da", "no inicio do", "no inicio da", "comeco de", "comeco do", "comeco da",
        "begin", "begin van", "inizio", "inizio di", "inizio della", "all'inizio di",
        "all'inizio della", "na poczatku", "poczatek", "early-to-mid",
    ),
    "MID": (
        "mid", "middle of", "the middle of", "mitte", "mitte der", "mi",
        "milieu de", "au milieu de", "mediados de", "a mediados de", "meados de",
        "em meados de", "midden", "midden van", "half", "meta", "a meta", "meta di",
        "meta della", "a meta della", "w połowie", "połowa", "połowy", "a mitad de",
        "mitad de", "a mitad de la", "no meio da", "meio da", "halverwege", "en milieu de",
    ),
    "TMRW": (
        "tomorrow", "tomorow", "tommorow", "tommorrow", "tomorrrow", "tmrw", "tmr", "tmw",
        "2morrow", "morgen", "demain", "manana", "amanha", "domani", "jutro", "明日",
    ),
    "DAYAFTERTMRW": (
        "day after tomorrow", "the day after tomorrow", "ubermorgen", "apres-demain",
        "apres demain", "pasado manana", "depois de amanha", "overmorgen", "dopodomani",
        "pojutrze", "明後日",
    ),
    "TODAY": (
        "today", "later today", "tonight", "end of today", "heute", "heute noch",
        "heute morgen", "heute abend", "aujourd'hui", "ce soir", "hoy", "hoje", "vandaag",
        "vanavond", "oggi", "stasera", "dzis", "dzisiaj", "今日", "本日",
    ),
    "MORNING": (
        "la manana", "por la manana", "de la manana", "esta manana", "manana por la manana",
    ),
    "EOD": ("eod", "e.o.d.", "cob", "end of day", "end of business", "close of business"),
    "MONTH": (
        "month", "the month", "the mon", "des monats", "monats", "du mois", "mois", "de mes",
        "del mes", "mes", "do mes", "de maand", "van de maand", "maand", "del mese", "mese",
        "miesiaca",
    ),
    "THISMONTH": (
        "this month", "this mth", "dieses monats", "diesen monat", "in diesem monat",
        "ce mois", "ce mois-ci", "este mes", "deste mes", "este mes ainda", "deze maand",
        "questo mese", "tego miesiaca", "w tym miesiacu", "今月",
    ),
    "NEXTMONTH": (
        "next month", "nachsten monats", "nachster monat", "mois prochain", "du mois prochain",
        "proximo mes", "del proximo mes", "do proximo mes", "volgende maand", "prossimo mese",
        "del prossimo mese", "przyszłego miesiaca", "来月",
    ),
    "EOY": (
        "year end", "year-end", "end of the year", "end of year", "eoy", "jahresende",
        "ende des jahres", "fin d'annee", "fin de l'annee", "fin de ano", "fin de año",
        "finales de ano", "fim do ano", "final do ano", "eind van het jaar", "jaareinde",
        "fine anno", "fine dell'anno", "koniec roku", "konca roku", "年末", "年内",
    ),
    "EOM": ("eom", "e.o.m.", "monatsende", "ultimo", "月末", "今月末", "今月中", "月内",
            "month-end", "month end", "end-of-month", "end-of-the-month", "mth end"),
    "VAGUE": (
        "a few days", "few days", "next few days", "the next few days", "in a few days",
        "a few weeks", "few weeks", "some days", "a while", "ein paar tagen", "ein paar tage",
        "einigen tagen", "paar tagen", "ein paar wochen", "quelques jours", "quelques semaines",
        "unos dias", "unos pocos dias", "algunos dias", "unas semanas", "alguns dias",
        "poucos dias", "algumas semanas", "een paar dagen", "paar dagen", "een paar weken",
        "qualche giorno", "pochi giorni", "qualche settimana", "kilka dni", "kilku dni",
        "kilka tygodni", "数日", "数日中", "近日中", "na dniach", "後日", "in due course",
        "several days", "several weeks",
        "einige tage", "einige wochen", "einigen wochen", "plusieurs jours", "plusieurs semaines",
        "varios dias", "varias semanas", "varios dias", "varias semanas", "enkele dagen",
        "enkele weken", "alcuni giorni", "alcune settimane", "数週間",
    ),
    "EXTEND": (
        "another week", "one more week", "1 more week", "an extra week", "extra week",
        "an additional week", "additional week", "a week longer", "noch eine woche",
        "eine weitere woche", "eine woche langer", "noch eine woche langer",
        "une semaine de plus", "une semaine supplementaire", "encore une semaine",
        "una semana mas", "otra semana", "mais uma semana", "uma semana a mais",
        "nog een week", "een week langer", "un'altra settimana", "una settimana in piu",
        "jeszcze tydzien", "jeszcze tygodnia", "jeszcze jeden tydzien", "もう1週間", "もう一週間",
    ),
    "NEXT": (
        "next", "nxt", "nachsten", "nachster", "nachste", "prochain", "prochaine", "proximo",
        "proxima", "que viene", "que vem", "volgende", "prossimo", "prossima", "przyszły",
        "przyszła", "przyszłe", "przyszłym", "przyszłego", "przyszłej", "nastepny", "nastepna",
        "nastepnym", "nastepnego", "nastepnej",
    ),
    "2 WEEKS": (
        "a couple of weeks", "couple of weeks", "a couple weeks", "couple weeks",
        "a fortnight", "fortnight", "next week or two", "the next week or two",
        "a week or two", "quinzaine", "un par de semanas", "un paio di settimane",
        "une quinzaine de jours", "une quinzaine",
    ),
    "1 BDAYS": ("next business day", "next working day", "the next business day",
                "nachsten werktag", "jour ouvre suivant", "proximo dia habil", "proximo dia util",
                "volgende werkdag", "prossimo giorno lavorativo", "翌営業日"),
    "8 DAYS": ("sous huitaine", "huitaine", "une huitaine", "une huitaine de jours"),
    "2 DAYS": ("a couple of days", "couple of days", "a couple days", "couple days", "一両日中",
               "un par de dias", "un paio di giorni", "a day or two", "a day or so",
               "one or two days", "ein oder zwei tage", "ein, zwei tage", "ein bis zwei tage",
               "un jour ou deux", "un ou deux jours", "un dia o dos", "uno o dos dias",
               "um ou dois dias", "um dia ou dois", "een dag of twee", "een of twee dagen",
               "un giorno o due", "uno o due giorni", "dzien lub dwa", "dzien czy dwa",
               "jeden lub dwa dni", "1〜2日", "1~2日", "一、二日"),
    "1 WEEKS": (
        "a week", "a week's", "within the next week", "a week or so", "within the week",
        "over the next week", "in the next week", "over the coming week", "in the coming week",
        "within the coming week",
        "eine woche",
        "einer woche",
        "une semaine", "una semana", "uma semana", "een week", "una settimana", "tydzien",
        "tygodnia", "1週間",
    ),
    "1 MONTHS": ("a month", "einem monat", "un mois", "un mes", "um mes", "een maand",
                 "un mese", "miesiac"),
}

# Words whose one-letter slips (a letter dropped, two letters swapped) are read as the word:
# "decsion", "feedbak", "resposne", "thrusday", "wendesday".
TYPO_TARGETS: Final[tuple[str, ...]] = (
    "decision", "feedback", "response", "respond", "answer", "results", "decide", "decided",
    "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "business",
    "recruiter", "entscheidung", "ruckmeldung", "reponse", "respuesta", "resposta",
    "risposta", "odpowiedz", "terugkoppeling", "feedback",
)

TYPOS: Final[dict[str, str]] = {
    "teh": "the", "hte": "the", "weeek": "week", "wek": "week", "nxt": "next",
    "decison": "decision", "desicion": "decision", "feedbak": "feedback", "fedback": "feedback",
    "endof": "end of", "wk": "week", "wks": "weeks", "tommorow": "tomorrow",
    "tomorow": "tomorrow", "nextweek": "next week",
}
