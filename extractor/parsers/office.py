"""Old Word ``.doc``, ``.rtf`` and OpenDocument ``.odt``: converted to DOCX by LibreOffice, then read as DOCX.

LibreOffice converts files from strangers, so it runs fenced in:

* **a throw-away profile** (``-env:UserInstallation``) in a temporary folder
  of its own (``extractor-office-*``, removed afterwards), written before the
  first start with links, remote images and macros off
  (``PROFILE_SETTINGS``: untrusted documents' links blocked, links never
  updated, macros never run); its ``TMPDIR`` is that folder too;
* **no network** where the system allows it: the program runs in an empty
  network namespace (``unshare --net`` in a user namespace), so a linked image
  at ``http://…`` cannot even be asked for; the profile is the fence where
  namespaces are not available;
* **its own process group**, ended whole (``soffice``, ``oosplash``,
  ``soffice.bin``) on a time-out, an interrupt or any error, and recorded in
  ``<folder>/soffice.pgid`` so that a batch parent can end it should the worker
  itself be killed (see ``workers.py``).

Without LibreOffice these formats cannot be read: the error names the Debian
package to install. The document's ``notes`` say the file was converted.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
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
TEMPORARY_PREFIX = "extractor-office-"
PROCESS_GROUP_FILE = "soffice.pgid"  # workers.py ends the groups named in ``*.pgid`` files of a killed worker
# Runs a program in new user and network namespaces: it sees only a loopback device that is down.
NETWORK_JAIL = ("unshare", "--user", "--map-root-user", "--net")

# The profile's settings (registrymodifications.xcu), one item per setting:
#   BlockUntrustedRefererLinks  no linked image, sound or section of an untrusted document is fetched
#   Writer Content/Update/Link  0: links are never updated on load
#   MacroSecurityLevel 3, DisableMacrosExecution, no Basic, no plug-ins: no code from the document runs
PROFILE_SETTINGS = [
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "OfficeBasic", "0"),
    ("/org.openoffice.Office.Common/Security/Scripting", "ExecutePlugins", "false"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),
]


def find_soffice() -> str:
    """The LibreOffice program, or a ``MissingToolError`` naming the package that provides it."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise MissingToolError(
            f"reading .doc, .rtf and .odt files needs LibreOffice (soffice), which is not installed: "
            f"apt-get install {LIBREOFFICE_PACKAGE}"
        )
    return program


@functools.cache
def network_jail() -> tuple[str, ...]:
    """The ``unshare`` prefix that takes the network away, or ``()`` where the system does not allow it."""
    if shutil.which(NETWORK_JAIL[0]) is None:
        return ()
    try:
        probe = subprocess.run([*NETWORK_JAIL, "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return NETWORK_JAIL if probe.returncode == 0 else ()


def write_profile(profile: Path) -> None:
    """A fresh LibreOffice profile holding only ``PROFILE_SETTINGS``."""
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in PROFILE_SETTINGS
    )
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n",
        encoding="utf-8",
    )


def end_process_group(group: int) -> None:
    """Kill every process of ``group`` (LibreOffice's launcher, oosplash and soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def run_fenced(command: list[str], work: Path, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group with ``work`` as its temporary folder; the group never outlives it."""
    environment = {**os.environ, "TMPDIR": str(work), "HOME": str(work)}
    process = subprocess.Popen(
        command,
        cwd=work,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, ended whole below
    )
    (work / PROCESS_GROUP_FILE).write_text(str(process.pid), encoding="ascii")
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:  # a time-out, an interrupt, the worker's own termination: nothing of LibreOffice stays behind
        end_process_group(process.pid)
        process.kill()
        process.wait()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def convert_to_docx(data: bytes, file_format: str) -> bytes:
    """Convert a document of ``file_format`` to DOCX bytes with LibreOffice in headless mode."""
    program = find_soffice()
    with tempfile.TemporaryDirectory(prefix=TEMPORARY_PREFIX) as folder:
        work = Path(folder).absolute()  # TMPDIR may be relative; the profile must be a file:// URI
        source = work / f"input.{file_format}"
        source.write_bytes(data)
        outdir = work / "out"
        profile = work / "profile"
        write_profile(profile)
        command = [
            *network_jail(),
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            completed = run_fenced(command, work, CONVERSION_TIMEOUT)
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
