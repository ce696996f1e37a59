"""A strict check of a zip archive's layout, for checkpoints (``.npz`` files).

Python's ``zipfile`` trusts the central directory: a corrupt length field there can make it
skip entries without a word, so a damaged ``.npz`` loads with arrays missing. This module
cross-checks the central directory against the end record and the local headers, and accepts
exactly the layout numpy and ``nn.save`` write: members back to back from offset 0, then the
central directory, then the end records, nothing before, between or after.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

from autograd import AutogradError

__all__ = ["ZipLayoutError", "check_layout"]

_END = struct.Struct("<4s4H2IH")  # end of central directory record
_END64_LOCATOR = struct.Struct("<4sIQI")
_END64 = struct.Struct("<4sQ2H2I4Q")
_LOCAL = struct.Struct("<4s2B4HI2I2H")  # local file header
_MAX_COMMENT = 0xFFFF
_UTF8_NAME = 0x800
_HAS_DESCRIPTOR = 0x08  # sizes and CRC follow the data instead of the local header


class ZipLayoutError(AutogradError, ValueError):
    """The archive's records contradict each other, or it holds bytes no record accounts for."""


def _read_at(f: BinaryIO, offset: int, size: int) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) != size:
        raise ZipLayoutError(f"truncated: {size} bytes expected at offset {offset}")
    return data


def _central_directory_span(f: BinaryIO, file_size: int) -> tuple[int, int, int]:
    """``(offset, end, entry count)`` of the central directory, from the end record(s)."""
    tail_size = min(file_size, _END.size + _MAX_COMMENT)
    tail = _read_at(f, file_size - tail_size, tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END.size > len(tail):
        raise ZipLayoutError("no end-of-central-directory record")
    _, disk, cd_disk, disk_entries, entries, cd_size, cd_offset, comment = _END.unpack_from(
        tail, at)
    end_pos = file_size - tail_size + at
    if end_pos + _END.size + comment != file_size:
        raise ZipLayoutError(f"the end record's comment length {comment} does not reach "
                             "the end of the file")
    cd_end = end_pos
    locator_pos = end_pos - _END64_LOCATOR.size
    locator = _read_at(f, locator_pos, _END64_LOCATOR.size) if locator_pos >= 0 else b""
    if locator.startswith(b"PK\x06\x07"):  # zip64 end records (as zipfile looks for them)
        _, disk64, record_pos, disks = _END64_LOCATOR.unpack(locator)
        if disk64 != 0 or disks != 1:
            raise ZipLayoutError("bad zip64 end-of-central-directory locator")
        (sig, record_size, _, _, disk, cd_disk, disk_entries, entries, cd_size,
         cd_offset) = _END64.unpack(_read_at(f, record_pos, _END64.size))
        if sig != b"PK\x06\x06" or record_pos + 12 + record_size != locator_pos:
            raise ZipLayoutError("bad zip64 end-of-central-directory record")
        cd_end = record_pos
    if disk or cd_disk or disk_entries != entries:
        raise ZipLayoutError("multi-disk archives are not supported")
    if cd_offset + cd_size != cd_end:
        raise ZipLayoutError(f"the central directory ({cd_size} bytes at offset {cd_offset}) "
                             f"does not end where the end record starts ({cd_end})")
    return cd_offset, cd_end, entries


def _local_zip64_sizes(extra: bytes) -> tuple[int, int] | None:
    """``(file_size, compress_size)`` from a local header's zip64 extra field, if any."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<2H", extra, pos)
        if tag == 1 and size >= 16:
            return struct.unpack_from("<2Q", extra, pos + 4)
        pos += 4 + size
    return None


def _descriptor_size(f: BinaryIO, offset: int, info: zipfile.ZipInfo) -> int:
    """The length of the data descriptor at ``offset`` that repeats ``info``'s CRC and sizes."""
    f.seek(offset)
    data = f.read(24)
    for sig in (b"PK\x07\x08", b""):
        if not data.startswith(sig):
            continue
        for sizes in ("<2I", "<2Q"):
            form = struct.Struct("<I" + sizes[1:])
            if len(data) < len(sig) + form.size:
                continue
            crc, compressed, size = form.unpack_from(data, len(sig))
            if (crc, compressed, size) == (info.CRC, info.compress_size, info.file_size):
                return len(sig) + form.size
    raise ZipLayoutError(f"member {info.filename!r}: no data descriptor matches its entry")


def _check_member(f: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Check ``info``'s local header against its central entry; return where the member ends."""
    (sig, _, _, flags, method, _, _, crc, compressed, size, name_len,
     extra_len) = _LOCAL.unpack(_read_at(f, info.header_offset, _LOCAL.size))
    name = _read_at(f, info.header_offset + _LOCAL.size, name_len)
    extra = _read_at(f, info.header_offset + _LOCAL.size + name_len, extra_len)
    what = f"member {info.filename!r}"
    if sig != b"PK\x03\x04":
        raise ZipLayoutError(f"{what}: no local header at offset {info.header_offset}")
    decoded = name.decode("utf-8" if flags & _UTF8_NAME else "cp437", errors="replace")
    if decoded != info.orig_filename:
        raise ZipLayoutError(f"{what}: its local header names {decoded!r}")
    if (flags, method) != (info.flag_bits, info.compress_type):
        raise ZipLayoutError(f"{what}: flags or compression method differ between its local "
                             "header and the central directory")
    data_end = info.header_offset + _LOCAL.size + name_len + extra_len + info.compress_size
    if flags & _HAS_DESCRIPTOR:
        return data_end + _descriptor_size(f, data_end, info)
    if 0xFFFFFFFF in (compressed, size):
        zip64 = _local_zip64_sizes(extra)
        if zip64 is None:
            raise ZipLayoutError(f"{what}: zip64 sizes missing from its local header")
        size, compressed = zip64
    if (crc, compressed, size) != (info.CRC, info.compress_size, info.file_size):
        raise ZipLayoutError(f"{what}: CRC or sizes differ between its local header and the "
                             "central directory")
    return data_end


def check_layout(f: BinaryIO, zf: zipfile.ZipFile) -> None:
    """Raise :class:`ZipLayoutError` unless ``zf``'s entries tile the file ``f`` exactly.

    Every entry of the central directory must have a local header that agrees with it (name,
    flags, method, CRC, sizes), the members must follow each other from offset 0 with nothing
    in between, and the central directory must hold exactly the entries the end record counts
    and fill the space up to it. So no member can be hidden, added or shifted unnoticed.
    """
    f.seek(0, 2)
    cd_offset, _, entries = _central_directory_span(f, f.tell())
    infos = zf.infolist()
    if len(infos) != entries:
        raise ZipLayoutError(f"the end record counts {entries} entries, the central directory "
                             f"holds {len(infos)}")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise ZipLayoutError("a member name appears twice")
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != position:
            raise ZipLayoutError(f"member {info.filename!r} starts at offset "
                                 f"{info.header_offset}, expected {position}")
        position = _check_member(f, info)
    if position != cd_offset:
        raise ZipLayoutError(f"{cd_offset - position} unaccounted bytes before the central "
                             "directory")
