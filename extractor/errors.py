"""Exceptions: raised only when a document cannot be read at all.

Anything less (an amount that does not parse, a missing date) is an
``ExtractionWarning`` in the output, not an exception. The tree::

    ExtractorError
    ├── InputError              the file cannot be read as a decision
    │   ├── EmptyFileError      zero bytes, or no text at all
    │   ├── UnsupportedFormatError
    │   ├── DamagedFileError    truncated, corrupt, not what its bytes claim
    │   ├── EncryptedFileError  password-protected
    │   ├── HostileFileError    zip bomb, oversized entries, …
    │   └── NoProgrammeTableError  readable, but no table of measures in it
    ├── MissingToolError        an external program (LibreOffice, Tesseract) is absent
    ├── UsageError              a batch was given an output folder it cannot use (a file, the input folder)
    ├── OutputError             the output folder stopped taking writes (disk full, read-only, catalogue locked
    │                           or damaged, another run on it); what was written so far is kept
    ├── ProgrammeChoiceError    a history's title names no programme in the catalogue, or several
    └── OutputValidationError   the JSON we built breaks the schema (a bug of ours)

Every message is one line that names the reason; the CLI adds the file name.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base of every error the extractor raises on purpose."""


class InputError(ExtractorError):
    """The file cannot be read as a council decision."""


class EmptyFileError(InputError):
    """The file is empty or holds no text."""


class UnsupportedFormatError(InputError):
    """The file is of a format the extractor does not read."""


class DamagedFileError(InputError):
    """The file is truncated or corrupt."""


class EncryptedFileError(InputError):
    """The file is password-protected."""


class HostileFileError(InputError):
    """The file looks built to exhaust the machine (a zip bomb and the like)."""


class NoProgrammeTableError(InputError):
    """The document holds no table of programme measures."""


class MissingToolError(ExtractorError):
    """An external program needed for this format is not installed."""


class UsageError(ExtractorError):
    """The command was given something it cannot work with (the CLI's usage exit code)."""


class OutputError(ExtractorError):
    """The run cannot go on writing its outputs; everything written so far is intact and resumable."""


class ProgrammeChoiceError(ExtractorError):
    """The title given for a history matches no programme, or more than one."""


class OutputValidationError(ExtractorError):
    """The output breaks the JSON schema."""
