"""Errors a user can cause, reported as one line naming the file and the reason."""

from __future__ import annotations


class InputError(Exception):
    """A file ficlens cannot read as a story; the message is shown to the user as is."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
