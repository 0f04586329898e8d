"""The words teams put above their columns, in English, German, French, Spanish, Italian,
Portuguese and Dutch, mapped to the step fields
of METHOD.md section 1, with the unit a header declares ("PT (min)", "Lead time [h]",
"LT in days", "Durchlaufzeit in Tagen").

Case, spacing, punctuation, accents (é, ã, ñ) and umlaut spelling (ü/ue) do not matter. When a header holds
several known words the longest wins ("Process time" is a time, "Process" a step name);
on a tie the later word wins because English headers end in their head noun
("Process owner" is an owner).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vsm_xl.core.durations import normalize_unit
from vsm_xl.core.errors import DurationError

STEP = "step"
OWNER = "owner"
PROCESS_TIME = "process_time"
LEAD_TIME = "lead_time"
WAIT_TIME = "wait_time"
COMPLETE_ACCURATE = "complete_accurate"
INVENTORY = "inventory"
CHANGEOVER = "changeover"
NOTES = "notes"
STATE = "state"
WASTE = "waste"
RESOURCES = "resources"

DURATION_FIELDS = frozenset({PROCESS_TIME, LEAD_TIME, WAIT_TIME, CHANGEOVER})
NUMERIC_FIELDS = DURATION_FIELDS | {COMPLETE_ACCURATE, INVENTORY, RESOURCES}
TIME_FIELDS = (PROCESS_TIME, LEAD_TIME, WAIT_TIME)

# What the log calls each field.
LABELS = {
    STEP: "step", OWNER: "owner", PROCESS_TIME: "process time (PT)", LEAD_TIME: "lead time (LT)",
    WAIT_TIME: "wait time (WT)", COMPLETE_ACCURATE: "%C&A", INVENTORY: "inventory (WIP)",
    CHANGEOVER: "changeover (C/O)", NOTES: "notes", STATE: "state", WASTE: "waste",
    RESOURCES: "resources",
}

# field -> synonyms by rank (rank 0 is the usual word; a higher rank is a less certain
# reading, used when two columns compete for one field). Written folded: lower case,
# umlauts as ae/oe/ue, ß as ss, words separated by spaces.
_SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    STEP: (
        ("step", "step name", "process step", "prozessschritt", "schritt", "arbeitsschritt",
         "prozessschritte", "steps"),
        ("process", "activity", "task", "stage", "operation", "taetigkeit", "aktivitaet",
         "vorgang", "prozess", "activities", "process name", "station"),
    ),
    OWNER: (
        ("owner", "team", "department", "verantwortlich", "abteilung", "verantwortlicher"),
        ("responsible", "role", "who", "bereich", "zustaendig", "zustaendigkeit", "rolle",
         "performed by", "function", "funktion", "system", "group", "unit", "org unit",
         "organisationseinheit"),
    ),
    PROCESS_TIME: (
        ("pt", "process time", "processing time", "bearbeitungszeit", "prozesszeit"),
        ("touch time", "work time", "working time", "hands on time", "handling time",
         "arbeitszeit", "value added time", "va time", "vat", "effort", "aufwand",
         "bearbeitungsdauer"),
        ("cycle time", "c t", "ct", "zykluszeit", "taktzeit ist"),
    ),
    LEAD_TIME: (
        ("lt", "lead time", "durchlaufzeit", "dlz"),
        ("elapsed time", "throughput time", "l t", "elapsed", "total time", "calendar time",
         "end to end time", "durchlaufdauer", "gesamtdauer", "liefer zeit", "duration",
         "dauer"),
    ),
    WAIT_TIME: (
        ("wt", "wait time", "waiting time", "wartezeit", "liegezeit"),
        ("queue time", "delay", "idle time", "wait", "non value added time", "nva time",
         "transferzeit", "warte zeit"),
    ),
    COMPLETE_ACCURATE: (
        ("c a", "ca", "pct c a", "percent complete and accurate", "complete and accurate",
         "complete accurate", "percent complete accurate"),
        ("quality", "first pass yield", "fpy", "yield", "qualitaet", "qualitaetsrate",
         "gutanteil", "first time right", "ftr", "rolled yield", "quality rate",
         "fehlerfreiquote", "erstdurchlaufquote", "ausbeute", "right first time"),
    ),
    INVENTORY: (
        ("inventory", "wip", "bestand", "work in progress", "work in process"),
        ("queue", "backlog", "stock", "items waiting", "warteschlange", "puffer",
         "umlaufbestand", "buffer", "queue size", "inventar", "vorrat", "lager"),
    ),
    CHANGEOVER: (
        ("c o", "co", "changeover", "changeover time", "ruestzeit", "umruestzeit"),
        ("setup", "set up", "setup time", "set up time", "ruesten", "umruesten"),
    ),
    NOTES: (
        ("notes", "note", "comments", "comment", "remarks", "remark", "bemerkungen",
         "bemerkung", "kommentar", "kommentare", "anmerkung", "anmerkungen"),
        ("hinweis", "hinweise", "notizen", "notiz", "description", "beschreibung",
         "details", "observations", "info", "problems", "issues", "probleme"),
    ),
    STATE: (
        ("state", "zustand", "scenario", "szenario"),
        ("map", "variant", "variante", "version", "current future", "ist soll"),
    ),
    WASTE: (
        ("waste", "wastes", "waste type", "waste types", "verschwendung", "muda"),
        ("verschwendungsart", "timwoods"),
    ),
    RESOURCES: (
        ("resources", "operators", "ressourcen", "headcount"),
        ("fte", "people", "mitarbeiter", "staff", "anzahl mitarbeiter", "personen",
         "servers", "workers"),
    ),
}

# The same fields in French, Spanish, Italian, Portuguese and Dutch, by rank as above (folded: no
# accents). Kept apart so that each language reads as one list.
_MORE_LANGUAGES: dict[str, tuple[tuple[str, ...], ...]] = {
    STEP: (
        ("etape", "paso", "etapa", "fase", "passo", "stap", "processtap", "etape du processus", "paso del proceso", "fase del processo", "etapa do processo"),
        ("processus", "activite", "operation", "poste", "tache", "proceso", "actividad", "operacion", "tarea", "attivita", "operazione", "processo", "atividade", "operacao", "tarefa", "activiteit", "bewerking", "proces", "taak"),
    ),
    OWNER: (
        ("responsable", "responsabile", "responsavel", "eigenaar", "verantwoordelijke"),
        ("service", "equipe", "departement", "proprietaire", "equipo", "departamento", "area", "reparto", "ufficio", "squadra", "setor", "afdeling"),
    ),
    PROCESS_TIME: (
        ("temps de traitement", "temps de process", "temps operatoire", "tiempo de proceso", "tiempo de procesamiento", "tempo di processo", "tempo di lavorazione", "tempo de processo", "tempo de processamento", "procestijd", "bewerkingstijd"),
        ("temps de travail", "tiempo de trabajo", "tempo di lavoro", "tempo de trabalho", "werktijd"),
        ("temps de cycle", "tiempo de ciclo", "tempo ciclo", "tempo di ciclo", "tempo de ciclo", "cyclustijd"),
    ),
    LEAD_TIME: (
        ("delai", "temps de traversee", "delai total", "tiempo de entrega", "tiempo total de proceso", "tempo di attraversamento", "tempo de atravessamento", "doorlooptijd"),
        ("temps total", "duree", "duree totale", "plazo", "tiempo total", "duracion", "tempo totale", "durata", "tempo total", "prazo", "duracao", "totale tijd", "duur"),
    ),
    WAIT_TIME: (
        ("temps d attente", "tiempo de espera", "tempo di attesa", "tempo de espera", "wachttijd"),
        ("attente", "espera", "attesa", "wachten"),
    ),
    COMPLETE_ACCURATE: (
        (),
        ("qualite", "taux de qualite", "bon du premier coup", "calidad", "rendimiento", "qualita", "resa", "qualidade", "kwaliteit", "goed in een keer"),
    ),
    INVENTORY: (
        ("encours", "en cours", "inventario", "scorte", "estoque", "voorraad", "onderhanden werk"),
        ("existencias", "giacenza", "file d attente", "cola", "coda", "fila", "wachtrij"),
    ),
    CHANGEOVER: (
        ("changement de serie", "temps de changement", "cambio de formato", "tiempo de cambio", "cambio formato", "tempo di cambio", "tempo de troca", "troca de ferramenta", "omsteltijd"),
        ("reglage", "preparacion", "attrezzaggio", "tempo di setup", "omstellen"),
    ),
    NOTES: (
        ("remarques", "remarque", "commentaires", "commentaire", "notas", "comentarios", "observaciones", "commenti", "osservazioni", "observacoes", "opmerkingen", "opmerking"),
        ("notities", "problemes", "problemas", "problemi", "problemen"),
    ),
    STATE: (
        ("etat", "estado", "stato", "toestand"),
        ("scenario", "escenario", "cenario"),
    ),
    WASTE: (
        ("gaspillage", "gaspillages", "desperdicio", "desperdicios", "spreco", "sprechi", "verspilling", "verspillingen"),
        (),
    ),
    RESOURCES: (
        ("ressources", "recursos", "risorse", "middelen"),
        ("operateurs", "effectif", "operarios", "personas", "operatori", "addetti", "operadores", "pessoas", "medewerkers", "bezetting"),
    ),
}
for _field, _ranks in _MORE_LANGUAGES.items():
    _SYNONYMS[_field] = tuple(tuple(dict.fromkeys((*(_SYNONYMS[_field][r] if r < len(_SYNONYMS[_field]) else ()),
                                                   *(_ranks[r] if r < len(_ranks) else ()))))
                              for r in range(max(len(_SYNONYMS[_field]), len(_ranks))))

_PERCENT_WORDS = frozenset({"%", "percent", "pct", "prozent", "procent", "pourcent", "porcentaje", "percentuale",
                            "percentagem", "porcentagem"})
# Time units in the five further languages, as headers write them ("Délai (jours)",
# "Tiempo de espera [horas]"); the core's own spellings (English, German) come first.
_MORE_UNITS = {
    "s": ("seconde", "secondes", "segundo", "segundos", "secondo", "secondi", "seconden", "sec"),
    "min": ("minute", "minutes", "minuto", "minutos", "minuti", "minuut", "minuten"),
    "h": ("heure", "heures", "hora", "horas", "ora", "ore", "uur", "uren"),
    "d": ("j", "jour", "jours", "dia", "dias", "giorno", "giorni", "gg", "dag", "dagen"),
    "w": ("semaine", "semaines", "semana", "semanas", "settimana", "settimane", "week", "weken", "sem"),
}
_UNIT_BY_WORD = {word: unit for unit, words in _MORE_UNITS.items() for word in words}
_CONNECTORS = frozenset({"in", "per", "pro", "je", "im", "/", "x", "en", "em", "par", "por", "op"})


@dataclass(frozen=True)
class HeaderMatch:
    """How one header cell was understood."""

    field: str
    unit: str | None  # canonical time unit ("min", "h", ...) or "%" for a percent column
    synonym: str  # the word recognised, folded
    rank: int  # 0: the usual word for the field; higher: a less certain reading
    text: str  # the header as written


def fold(text: str) -> str:
    """Lower case with umlauts spelt out, so that ``Rüstzeit`` and ``Ruestzeit`` meet, and other
    accents dropped (``Étape`` -> ``etape``, ``Días`` -> ``dias``)."""
    text = str(text).lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text


_TOKEN = re.compile(r"%|[a-z0-9]+")
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def _synonym_table(synonyms=None):
    table = []
    for field, ranks in (synonyms or _SYNONYMS).items():
        for rank, words in enumerate(ranks):
            for word in words:
                tokens = tuple(_tokens(word))
                table.append((tokens, "".join(tokens), field, rank, word))
    return table


def _synonym_index(synonyms):
    by_compact: dict[str, list] = {}
    table = _synonym_table(synonyms)
    for entry in table:
        by_compact.setdefault(entry[1], []).append(entry)
    return by_compact, max(len(e[0]) for e in table) + 1


_SYNONYM_TABLE = _synonym_table()
_BY_COMPACT, _MAX_SPAN = _synonym_index(_SYNONYMS)


def _unit_of_token(token: str, *, single_letter_ok: bool) -> str | None:
    if token in _PERCENT_WORDS:
        return "%"
    if len(token) == 1 and not single_letter_ok:
        return None
    try:
        return normalize_unit(token)
    except DurationError:
        return _UNIT_BY_WORD.get(token)


def unit_word(word: str) -> str | None:
    """The unit one word names ("Std" -> ``h``, "%" -> ``%``), or ``None``."""
    return _unit_of_token(fold(word).strip(), single_letter_ok=True)


def _unit_in(tokens: list[str], *, bracketed: bool) -> str | None:
    for index, token in enumerate(tokens):
        after_connector = index > 0 and tokens[index - 1] in _CONNECTORS
        last = index == len(tokens) - 1
        unit = _unit_of_token(token, single_letter_ok=bracketed or after_connector or last)
        if unit:
            return unit
    return None


def match_header(text, _index=None) -> HeaderMatch | None:
    """The field a header cell names, with its unit, or ``None`` for an unknown header."""
    by_compact, max_span = _index or (_BY_COMPACT, _MAX_SPAN)
    if text is None or isinstance(text, bool) or not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw or len(raw) > 80:
        return None
    bracketed = [_tokens(inner) for inner in _BRACKETS.findall(raw)]
    main = _tokens(_BRACKETS.sub(" ", raw))
    best = None  # (length of match, position, entry, start, end)
    for start in range(len(main)):
        for end in range(start + 1, min(len(main), start + max_span) + 1):
            compact = "".join(main[start:end])
            for entry in by_compact.get(compact, ()):
                key = (end - start, start)
                if best is None or key > best[0]:
                    best = (key, entry, start, end)
    if best is None:
        return None
    _, (tokens, compact, field, rank, word), start, end = best
    leftover = main[:start] + main[end:]
    unit = None
    for inner in bracketed:
        unit = unit or _unit_in(inner, bracketed=True)
    unit = unit or _unit_in(leftover, bracketed=False)
    return HeaderMatch(field=field, unit=unit, synonym=word, rank=rank, text=raw)


# Phrases in a title or note that declare the unit of bare numbers:
# "all times in hours", "Zeiten in Minuten", "Angaben in Tagen", "times (h)".
_DECLARED_UNIT = re.compile(
    r"(?:times?|zeiten|angaben|dauer|durations?|werte|values)\D{0,20}?"
    r"(?:\bin\b|\[|\()\s*([a-zäöü.]+)",
    re.IGNORECASE,
)


def declared_unit(text) -> str | None:
    """The time unit a free text declares for a table ("all times in hours" -> ``h``)."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    match = _DECLARED_UNIT.search(text)
    if not match:
        return None
    unit = _unit_of_token(fold(match.group(1)).rstrip("."), single_letter_ok=True)
    return unit if unit and unit != "%" else None


# Header lines above a table ("Walk date: 2026-03-04", "Analyst: M. Weber") that name a field
# of the stream; any other ("Owner: J. Smith", "Plant: Bremen") is kept as it is, as metadata.
_HEADER_FACTS = {
    "date": ("date", "walk date", "gemba walk", "gemba walk date", "mapped on", "datum", "aufnahmedatum",
             "aufgenommen am", "stand", "date de la visite", "date du relevé", "fecha", "data", "datum opname"),
    "analyst": ("analyst", "mapped by", "author", "created by", "erstellt von", "autor", "analyste", "analista",
                "auteur", "opgesteld door"),
}
_FACT_BY_WORDS = {" ".join(_tokens(w)): kind for kind, words in _HEADER_FACTS.items() for w in words}


def header_fact(key: str) -> str | None:
    """``"date"`` or ``"analyst"`` when a header line's key names that field, else ``None``."""
    return _FACT_BY_WORDS.get(" ".join(_tokens(key)))


# Step names that mark a totals row.
_TOTAL_WORDS = frozenset({
    "total", "totals", "sum", "sums", "summe", "summen", "gesamt", "gesamtsumme", "insgesamt",
    "grand total", "sigma", "overall", "gesamtergebnis", "totaal", "total value stream",
    "value stream total", "summe gesamt", "gesamt summe", "end to end", "e2e",
})


_TOTAL_PREFIXES = ("total", "sum", "gesamt", "insgesamt", "overall", "end to end", "e2e", "grand",
                   "sigma", "σ", "∑", "totaal")


def is_total_label(text) -> bool:
    """``Total``, ``Summe``, ``Gesamt``, ``Σ`` and the like."""
    if not isinstance(text, str):
        return False
    raw = text.strip()
    if not raw[:12].lower().startswith(_TOTAL_PREFIXES):
        return False  # quick: a step name
    if raw.startswith(("Σ", "∑")):
        return True
    words = " ".join(_tokens(raw))
    if words in _TOTAL_WORDS:
        return True
    first = words.split(" ", 1)[0] if words else ""
    return first in {"total", "totals", "summe", "gesamt", "sum"} and len(words) <= 30


def waste_type(text: str) -> str | None:
    """The TIMWOODS waste a word names (``"Warten"`` -> ``waiting``; initials such as ``W``
    too), or ``None``: the word lists of :mod:`vsm_xl.core.fields`, shared by every reader."""
    from vsm_xl.core.fields import waste_type as _waste_type

    return _waste_type(text, letters=True)


_STATE_KINDS = (
    ("current", ("current", "ist", "as is", "asis", "istzustand", "ist zustand", "today", "heute",
                 "current state", "aktuell", "baseline")),
    ("future", ("future", "soll", "to be", "tobe", "sollzustand", "soll zustand", "future state",
                "zukunft", "zukuenftig", "target", "ziel", "zielzustand", "ideal")),
)


def state_kind(name: str) -> str | None:
    """``current`` or ``future`` when a sheet or state name says so (Ist/Soll, as-is/to-be)."""
    words = _tokens(name)
    text = " ".join(words)
    for kind, phrases in _STATE_KINDS:
        for phrase in phrases:
            if phrase == text or f" {phrase} " in f" {text} " or phrase.replace(" ", "") in words:
                return kind
    return None


# -- the columns of an event log (vsm-xl mine): the same matching, the step and owner words too --
CASE = "case"
ACTIVITY = "activity"
START = "start"
END = "end"
TIMESTAMP = "timestamp"
RESOURCE = "resource"
LIFECYCLE = "lifecycle"
LOG_FIELDS = (CASE, ACTIVITY, START, END, TIMESTAMP, RESOURCE, LIFECYCLE)

_LOG_SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    CASE: (("case", "case id", "case concept name", "case number", "fall", "fallnummer", "vorgangsnummer"),
           ("order", "order id", "ticket", "ticket id", "claim", "claim id", "trace", "auftrag", "auftragsnummer",
            "id")),
    ACTIVITY: (("activity", "concept name", "activity name", "aktivitaet", "event"),
               _SYNONYMS[STEP][0] + _SYNONYMS[STEP][1]),
    START: (("start", "start time", "start timestamp", "started", "started at", "begin", "beginn", "startzeit"),
            ("from", "von", "start date")),
    END: (("end", "end time", "end timestamp", "complete", "completed", "completed at", "finished", "ende",
           "endzeit", "complete timestamp"),
          ("to", "bis", "end date", "done")),
    TIMESTAMP: (("timestamp", "time timestamp", "time", "zeitstempel", "zeitpunkt", "event time"),
                ("date", "datetime", "datum", "when")),
    RESOURCE: (("resource", "org resource", "user", "performer", "bearbeiter", "ressource"),
               ("agent", "employee", "operator", "worker", "assignee", "mitarbeiter") + _SYNONYMS[OWNER][0]),
    LIFECYCLE: (("lifecycle", "lifecycle transition", "transition", "event type", "status"),),
}
_LOG_INDEX = _synonym_index(_LOG_SYNONYMS)


def match_log_header(text) -> HeaderMatch | None:
    """The event-log field (case, activity, start, end, timestamp, resource, lifecycle) a
    column header names, by the rules of :func:`match_header` ("Case ID", "concept:name",
    "Start Timestamp", "org:resource", "Bearbeiter")."""
    return match_header(text, _LOG_INDEX)
