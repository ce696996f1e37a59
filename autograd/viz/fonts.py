"""A quiet, predictable font setup for the Graphviz inside pygraphviz's Linux wheels.

Those wheels carry their own fontconfig (2.13), older than the system's. When
it starts by itself it reads every file in the system's
``/usr/share/fontconfig/conf.avail`` (whatever FONTCONFIG_FILE says), and on
Debian and Ubuntu one of them makes it print ``Fontconfig warning: ...
unknown element "reset-dirs"`` on every first render of a process.

So before pygraphviz's first layout, :func:`configure_bundled_fontconfig`
gives that fontconfig its configuration through fontconfig's public C API
(create, load, build fonts, make current), which skips that scan. It loads
this package's ``fonts.conf`` (the usual font folders, a cache of its own,
sans-serif fonts that cover Chinese), or, when the user has set
FONTCONFIG_FILE or FONTCONFIG_PATH, the configuration those name. No
environment variable is changed, and the system's own fontconfig (the one
every other program and library uses) is not touched. If anything is
unexpected, nothing is done and fontconfig starts as it always did.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from pathlib import Path

FONTS_CONF = Path(__file__).with_name("fonts.conf")
USER_VARIABLES = ("FONTCONFIG_FILE", "FONTCONFIG_PATH")

_lock = threading.Lock()
_result: dict[str, str | None] = {}


def bundled_fontconfig(pygraphviz_dir: Path) -> Path | None:
    """The fontconfig library that a pygraphviz wheel carries, or None (not Linux, or
    pygraphviz uses the system's fontconfig, which reads its own config without fuss)."""
    if not sys.platform.startswith("linux"):
        return None
    for folder in (pygraphviz_dir.parent / "pygraphviz.libs", pygraphviz_dir / ".libs"):
        found = sorted(folder.glob("libfontconfig*.so*"))
        if found:
            return found[0]
    return None


def configure_bundled_fontconfig(pygraphviz_dir: Path) -> str | None:
    """Load the fonts configuration into pygraphviz's bundled fontconfig, once per process.

    Returns what was loaded: the path of the package's fonts.conf, ``"user"``
    (FONTCONFIG_FILE / FONTCONFIG_PATH are set), or None (nothing done).
    """
    with _lock:
        if "loaded" not in _result:
            _result["loaded"] = _configure(pygraphviz_dir)
        return _result["loaded"]


def _configure(pygraphviz_dir: Path) -> str | None:
    library = bundled_fontconfig(pygraphviz_dir)
    if library is None:
        return None
    user_set = any(os.environ.get(name) for name in USER_VARIABLES)  # as fontconfig reads them
    # None: fontconfig finds the user's file from FONTCONFIG_FILE / FONTCONFIG_PATH itself
    name = None if user_set else os.fsencode(FONTS_CONF)
    try:
        fc = ctypes.CDLL(str(library))  # already loaded by pygraphviz: the same instance
        fc.FcConfigCreate.restype = ctypes.c_void_p
        fc.FcConfigParseAndLoad.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        for function in (fc.FcConfigBuildFonts, fc.FcConfigSetCurrent, fc.FcConfigDestroy):
            function.argtypes = (ctypes.c_void_p,)
    except (OSError, AttributeError):
        return None
    config = fc.FcConfigCreate()
    if not config:
        return None
    if fc.FcConfigParseAndLoad(config, name, 1) and fc.FcConfigBuildFonts(config) \
            and fc.FcConfigSetCurrent(config):
        return "user" if user_set else str(FONTS_CONF)  # the current config lives on
    fc.FcConfigDestroy(config)
    return None
