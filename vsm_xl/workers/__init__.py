"""Running one function over many files for convert and portfolio: worker processes (parallel), a
Dask cluster (cluster) and what both share (chunks). Below both of its users: nothing here
imports convert or portfolio.

Imports nothing at package level."""
