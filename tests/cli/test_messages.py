"""Messages say what the file is, what is wrong and what to run instead (issue 17, item 5): a
Word document, an old .xls or a CSV text renamed .xlsx; `evaluate` given a CSV table; the
sensitivity of a stream without an evaluation."""
import zipfile

import pytest

WORD_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>')
WORD_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def _word(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", WORD_TYPES)
        zf.writestr("_rels/.rels", WORD_RELS)
        zf.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                         'wordprocessingml/2006/main"/>')


@pytest.mark.parametrize("make, said, instead", [
    (_word, "this is a Word document (.docx), not an .xlsx workbook", "vsm-xl new BOOK.xlsx"),
    (lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)),
     "this is an Excel 97-2003 workbook (.xls)", "save it as .xlsx"),
    (lambda p: p.write_text("Step;PT (min);LT (min)\nPick;5;30\n"),
     "this is a text table (CSV)", "rename it report.csv and run 'vsm-xl convert report.csv -o OUT'"),
])
def test_a_file_renamed_xlsx_is_named_for_what_it_is(vsm_xl, tmp_path, make, said, instead):
    book = tmp_path / "report.xlsx"
    make(book)
    result = vsm_xl("evaluate", book)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.startswith(f"Error: {book}: {said}") and instead in message
    assert message.count("not a readable") == 0 and message.count("this is") == 1  # said once
    converted = vsm_xl("convert", book, "-o", tmp_path / "out")
    assert said in converted.stderr  # convert names it too
    assert instead in converted.stderr


def test_evaluate_given_a_csv_points_to_convert(vsm_xl, tmp_path):
    table = tmp_path / "team.csv"
    table.write_text("Step,PT (min),LT (min)\nPick,5,30\n")
    result = vsm_xl("evaluate", table)
    assert result.returncode == 1
    assert "a CSV table is not a value stream workbook or model" in result.stderr
    assert "'vsm-xl convert team.csv -o OUT'" in result.stderr
    assert "'vsm-xl evaluate OUT/team.xlsx'" in result.stderr


def test_sensitivity_without_an_evaluation_says_where_to_fill_it_in(vsm_xl, tmp_path):
    model = tmp_path / "steps_only.yaml"
    model.write_text("value_stream:\n  name: Steps only\n  current_state:\n    steps:\n"
                     "      - {name: A, process_time_minutes: 5, lead_time_minutes: 30}\n")
    result = vsm_xl("sensitivity", model)
    assert result.returncode == 1
    assert "Steps only has no evaluation part" in result.stderr
    assert "Indicators sheet" in result.stderr and "evaluation: part of the YAML model" in result.stderr
