"""building the template's sheets with openpyxl: Steps, weighting, Map, charts, Guide; large tables
streamed as row runs

Imports nothing at package level."""
