"""The library's local web app: search, works, characters, import and a corpus dashboard."""

from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
