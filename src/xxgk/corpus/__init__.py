"""The corpus: thousands of published reports stored, linked across years, compared and exported.

Service functions here take a `Database` or a `Session`, so the command line and
the web app call the same code: `ingest` (documents into the store),
`agency_years` (which agencies have which years), `compare_agency` and `rank`
(metrics across years and agencies), `export_corpus` (CSV, XLSX, Parquet).
"""
