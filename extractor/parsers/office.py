"""Old Word ``.doc``, ``.rtf`` and OpenDocument ``.odt``: converted to DOCX by LibreOffice, then read as DOCX.

LibreOffice runs headless, once per file, in a temporary folder with a
profile of its own (so parallel runs do not share one), with a time limit.
Without LibreOffice these formats cannot be read: the error names the Debian
package to install. The document's ``notes`` say the file was converted.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import DamagedFileError, MissingToolError
from ..model import ParsedDocument
from . import TEXT_LEAD, docx
from .archive import open_zip

LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
CONVERSION_TIMEOUT = 180  # seconds; a first start of LibreOffice builds its profile
NAMES = {"doc": "Word 97-2003 .doc", "rtf": "RTF", "odt": "OpenDocument .odt"}


def find_soffice() -> str:
    """The LibreOffice program, or a ``MissingToolError`` naming the package that provides it."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise MissingToolError(
            f"reading .doc, .rtf and .odt files needs LibreOffice (soffice), which is not installed: "
            f"apt-get install {LIBREOFFICE_PACKAGE}"
        )
    return program


def convert_to_docx(data: bytes, file_format: str) -> bytes:
    """Convert a document of ``file_format`` to DOCX bytes with LibreOffice in headless mode."""
    program = find_soffice()
    with tempfile.TemporaryDirectory(prefix="extractor-office-") as folder:
        work = Path(folder)
        source = work / f"input.{file_format}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=CONVERSION_TIMEOUT, check=False, cwd=work)
        except subprocess.TimeoutExpired as error:
            name = NAMES[file_format]
            raise DamagedFileError(f"LibreOffice did not convert the {name} file in {CONVERSION_TIMEOUT} s") from error
        except OSError as error:
            reason = f"LibreOffice could not be started ({error}): apt-get install {LIBREOFFICE_PACKAGE}"
            raise MissingToolError(reason) from error
        converted = outdir / "input.docx"
        if not converted.is_file():
            output = (completed.stderr or completed.stdout).decode("utf-8", "replace").strip().splitlines()
            raise DamagedFileError(
                f"LibreOffice could not convert the {NAMES[file_format]} file" + (f" ({output[-1]})" if output else "")
            )
        return converted.read_bytes()


def parse_converted(data: bytes, file_name: str, sha256: str, file_format: str) -> ParsedDocument:
    parsed = docx.parse(convert_to_docx(data, file_format), file_name, sha256)
    note = f"converted from {NAMES[file_format]} to DOCX by LibreOffice (soffice --headless), then read as DOCX"
    return replace(parsed, format=file_format, notes=(*parsed.notes, note))


def parse_doc(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse a Word 97-2003 ``.doc``."""
    return parse_converted(data, file_name, sha256, "doc")


def parse_rtf(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse an RTF document; a byte order mark or white space before ``{\\rtf`` is dropped first."""
    # LibreOffice takes a file for RTF only when "{\rtf" is its very first byte, else it imports the markup as text
    return parse_converted(TEXT_LEAD.sub(b"", data, count=1), file_name, sha256, "rtf")


def parse_odt(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse an OpenDocument text; a hostile zip is refused before LibreOffice sees it."""
    open_zip(data, "ODT").close()
    return parse_converted(data, file_name, sha256, "odt")
