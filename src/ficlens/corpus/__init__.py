"""Archive scale: the analysis over a whole corpus, on a process pool or Ray Data, into Parquet tables.

`run_corpus(INPUT, OUTPUT)` is the entry point; `work.analyze_one` is the one
per-work function both engines run; `schema.SCHEMAS` are the tables' schemas.
"""

from .inputs import Columns
from .run import RunSummary, run_corpus
from .schema import SCHEMA_ID, SCHEMAS, TABLES

__all__ = ["Columns", "RunSummary", "run_corpus", "SCHEMA_ID", "SCHEMAS", "TABLES"]
