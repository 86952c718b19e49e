"""The library: analysed works kept in SQLite, searchable, faceted, with similar works.

`Library` is the entry point; see `store` for the tables a researcher can query directly.
"""

from .api import Library, default_path, storable_id
from .records import (AddOutcome, AddReport, CharacterAppearance, Dashboard, Hit, NearDuplicate, SearchResults,
                      SimilarWork, WorkRecord)
from .search import FACETS
from .store import LibraryError

__all__ = ["FACETS", "AddOutcome", "AddReport", "CharacterAppearance", "Dashboard", "Hit", "Library",
           "LibraryError", "NearDuplicate", "SearchResults", "SimilarWork", "WorkRecord", "default_path",
           "storable_id"]
