"""Errors raised while reading a resume file."""

from __future__ import annotations


class ResumeReadError(Exception):
    """A file could not be read as a resume.

    ``code`` is stable for programs (the upload view, bulk import review); ``message`` is written for
    the candidate or recruiter who uploaded the file, so it never contains parser internals.
    """

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.message = message
        self.detail = detail
