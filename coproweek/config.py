"""How every plugin reads its settings, and knows whether a build uses it.

Each plugin declares one frozen dataclass of the settings it reads: the field
`audit_enabled` is the setting AUDIT_ENABLED, and the field's default is that
setting's default, written nowhere else. A field without a default is one of
Pelican's own settings (PATH, SITEURL, ...), which Pelican always supplies.
`read_settings` fills the dataclass from a build's settings (Pelican's dict, or
any mapping in tests)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import TypeVar

T = TypeVar("T")

# Field metadata: a blank string in the settings means "use the default".
BLANK_IS_DEFAULT = {"blank_is_default": True}


def read_settings(cls: type[T], settings: Mapping) -> T:
    """An instance of the frozen dataclass `cls` with each field's value from
    `settings` (by the field's name in capitals), or the field's default where
    the setting is missing or None."""
    values = {}
    for field in fields(cls):
        value = settings.get(field.name.upper())
        if value is None or (value == "" and field.metadata.get("blank_is_default")):
            if field.default is MISSING and field.default_factory is MISSING:
                raise KeyError(f"the setting {field.name.upper()} is needed and has no default")
            continue
        values[field.name] = value
    return cls(**values)


def lists_plugin(settings: Mapping, module_name: str) -> bool:
    """Whether the build's PLUGINS names the plugin `module_name`.

    Pelican connects each plugin's receivers to signals that live as long as
    the process and never disconnects them: a later build in the same process
    whose PLUGINS leave a plugin out still calls its receivers. So every
    plugin asks this on `initialized` and, if it is not listed, keeps no
    state for the build and does nothing."""
    wanted = module_name.rsplit(".", 1)[-1]
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if name.rsplit(".", 1)[-1] == wanted:
            return True
    return False


def plugin_settings(cls: type[T], settings: Mapping, module_name: str) -> T | None:
    """The plugin's settings for this build, or None if the build does not
    list the plugin (see lists_plugin): the one rule every plugin follows."""
    return read_settings(cls, settings) if lists_plugin(settings, module_name) else None


def worker_count(setting: int | None) -> int:
    """Processes for a plugin's parallel work: the setting when given (1 works
    in turn), else the machine's cores, at most 4 (beyond that, memory grows
    faster than the build speeds up)."""
    return int(setting or min(4, os.cpu_count() or 1))
