"""Synthetic annual reports for tests and benchmarks.

`random_report` draws a report whose tables satisfy every equation of its
template; the writers turn it into a document (text in five layouts, HTML, DOCX,
PDF) with the noise real documents carry. Parsing a generated document must give
back the report it came from, which makes the generator a test oracle with an
unlimited supply of cases; everything is deterministic for a given seed.
"""

from xxgk.synth.corpus import FORMATS, LAYOUTS, WRITERS, Sample, corpus, sample, write_corpus
from xxgk.synth.values import outcome_rows, printed_rows, random_report, roles_of

__all__ = [
    "FORMATS",
    "LAYOUTS",
    "WRITERS",
    "Sample",
    "corpus",
    "outcome_rows",
    "printed_rows",
    "random_report",
    "roles_of",
    "sample",
    "write_corpus",
]
