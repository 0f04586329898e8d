"""Team sheets in seven languages (issue 17, item 4): the same order process written by teams in
English, German, French, Spanish, Italian, Portuguese and Dutch, with their own headers, unit
words after the inventories ("80 pcs", "12 Stk.", "1 200 pièces"), decimal commas, a Wait column
beside the lead time, and header lines above the table (an owner, a walk date).

Expected figures by hand, the same for every language: PT 10 + 20 + 30 = 60 min, LT 130 + 260 +
100 = 490 min, FE 60 / 490 = 12.24 %, WIP 80 + 12 + 1,200 = 1,292, rolled %C&A 0.90 × 0.955 ×
1.00 = 0.8595; the last step's wait (60 min) is not its LT − PT (70 min): a warning, the lead time
used."""
from pathlib import Path

import pytest

from vsm_xl.convert.log import INFO, WARNING, FileLog
from vsm_xl.convert.sources import open_source
from vsm_xl.convert.tables import read_stream
from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import InputError
from vsm_xl.core.fields import number, read_number

CORPUS = Path(__file__).resolve().parent.parent / "data" / "team_sheets_languages"
LANGUAGES = {  # code: (stream name, its date, the owner line kept as metadata, the unit word of the first row)
    "en": ("Order handling", "2026-03-04", ("Owner", "J. Smith"), "pcs"),
    "de": ("Auftragsabwicklung", "04.03.2026", ("Verantwortlich", "J. Schmidt"), "Stk"),
    "fr": ("Traitement des commandes", "04/03/2026", ("Responsable", "J. Dupont"), "pièces"),
    "es": ("Gestión de pedidos", "04/03/2026", ("Responsable", "J. García"), "unidades"),
    "it": ("Gestione ordini", "04/03/2026", ("Responsabile", "G. Rossi"), "pezzi"),
    "pt": ("Processamento de pedidos", "04/03/2026", ("Responsável", "J. Silva"), "peças"),
    "nl": ("Orderverwerking", "04-03-2026", ("Eigenaar", "J. de Vries"), "stuks"),
}


def test_the_corpus_has_the_seven_languages():
    assert sorted(p.stem for p in CORPUS.glob("*.csv")) == sorted(f"order_{c}" for c in LANGUAGES)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_each_language_reads_to_the_same_figures(code):
    name, date, owner, unit = LANGUAGES[code]
    log = FileLog(f"order_{code}.csv")
    stream = read_stream(open_source(CORPUS / f"order_{code}.csv"), log)
    state = stream.states[0]
    assert stream.name == name and len(stream.states) == 1 and len(state.steps) == 3
    assert [s.process_time for s in state.steps] == [10, 20, 30]
    assert [s.lead_time for s in state.steps] == [130, 260, 100]  # LT kept, the Wait column checked
    assert [s.inventory for s in state.steps] == [80, 12, 1200]
    assert [s.complete_accurate for s in state.steps] == pytest.approx([0.90, 0.955, 1.0])
    summary = analyze(stream).states[0]
    assert (summary.total_process_time, summary.total_lead_time) == (60, 490)
    assert summary.flow_efficiency == pytest.approx(60 / 490)
    assert summary.wip_total == 1292 and summary.rolled_complete_accurate == pytest.approx(0.8595)
    # header lines: the walk date is the stream's date, the owner kept in its own words
    assert stream.date == date
    assert owner in stream.metadata
    notes = [(n.level, n.message) for n in log.notes]
    assert (WARNING, "step '" + state.steps[2].name + "': wait time 60 min is not lead time − process time "
            "(70 min); the lead time was used") in notes
    assert any(level == INFO and f"'{unit}'" in text and "read as plain numbers" in text for level, text in notes)


@pytest.mark.parametrize("text, value, noted", [
    ("€ 180,000", 180_000, ("€", "", "")), ("180.000 €", 180_000, ("€", "", "")),
    ("$1,200", 1200, ("$", "", "")), ("CHF 12.50", 12.5, ("CHF", "", "")),
    ("60k", 60_000, ("", "k", "")), ("1,5 Mio.", 1_500_000, ("", "Mio.", "")), ("2.4M", 2_400_000, ("", "M", "")),
    ("USD 2.5k", 2500, ("USD", "k", "")),
    ("80 pcs", 80, ("", "", "pcs")), ("12 Stk.", 12, ("", "", "Stk.")), ("40 pièces", 40, ("", "", "pièces")),
    ("1.200,5", 1200.5, ("", "", "")), ("1,200.5", 1200.5, ("", "", "")), ("1 200", 1200, ("", "", "")),
    ("1,5", 1.5, ("", "", "")),
])
def test_the_one_number_reader(text, value, noted):
    reading = read_number(text)
    assert reading.value == pytest.approx(value)
    assert (reading.currency, reading.scale, reading.unit) == noted
    assert number(text, "Indicators: cost") == pytest.approx(value)  # what the template reader calls


@pytest.mark.parametrize("text", ["5 m", "12 apples", "1.5 h", "€", "k", "eighty pcs"])
def test_the_number_reader_refuses_what_is_not_a_number(text):
    with pytest.raises(InputError, match="must be a number"):
        read_number(text, "Indicators: cost")
