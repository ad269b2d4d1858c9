"""An independent corpus of annual reports, made by real tools and kept apart from the parser.

Nothing here imports `xxgk`: the formats are described afresh from the spec
(formats.py), labels come from reports seen in the wild (labels.toml), and the
documents are written by python-docx and converted by LibreOffice, Chromium and
poppler (corpus.py). scoring.py compares a parse with what each document prints.
"""
