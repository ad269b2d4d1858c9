"""Writing a report in the official layout: DOCX, PDF, HTML, Markdown and XLSX.

`layout` derives the document (title, sections, the official table grids) from
the template; each writer serialises that one layout in its format.
"""
