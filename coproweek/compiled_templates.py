"""Templates compiled once and kept between builds. Plain functions over a
Jinja environment; nothing here knows Pelican.

Jinja compiles each template from its source the first time a build uses it,
on every build. Its own FileSystemBytecodeCache keeps the compiled code, keyed
by each template's name, file and source, but not by the environment's
options (the tag delimiters, trim_blocks, autoescape, the extensions...),
which shape the compiled code as much as the source does. So each
combination of those options and Jinja's version gets a folder of its own."""

from __future__ import annotations

import os

from jinja2 import Environment, FileSystemBytecodeCache

from coproweek.build_cache import cache_folder, installed_versions, settings_digest

# The environment options that shape compiled code: those jinja2.lexer.get_lexer
# keys its lexers on, and those the code generator reads.
COMPILE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "is_async", "autoescape",
)


class BestEffortCache(FileSystemBytecodeCache):
    """Jinja's cache, for which a file it cannot read or write costs only
    speed, never the build: a damaged file is compiled again, and a full or
    read-only disk goes on without keeping the compiled code."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - any damage means: compile from the source
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compile_options_digest(environment: Environment) -> str:
    """A digest of everything besides a template's source that its compiled code depends on."""
    options = {name.upper(): getattr(environment, name) for name in COMPILE_OPTIONS}
    options["EXTENSIONS"] = sorted(environment.extensions)
    return settings_digest(options, versions=installed_versions("jinja2"))


def keep_compiled_templates(environment: Environment, root: str | os.PathLike) -> None:
    """Give `environment` a compiled-template cache under `root`, in the
    folder for its options."""
    try:
        folder = cache_folder(root, compile_options_digest(environment))
    except OSError:  # no folder to be had (a file in its place, a read-only disk): compile as Jinja does
        return
    environment.bytecode_cache = BestEffortCache(str(folder))
