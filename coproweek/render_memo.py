"""Pages kept from the last build when nothing their templates read has changed.

After one post is edited, rendering every page of the site again is most of a
rebuild, and almost every page comes out as it was. A page (a writer's job:
one template, possibly several paginated files) is used again only when all of
these are what they were when it was last rendered:

- the setting: the settings, the theme, the plugins' code, library versions and
  the day (one digest; any change renders every page);
- the variables every template sees (each list, tag and author), with each post
  or page in them counted by its identity: editing a post's text leaves this the
  same, adding, removing or reordering posts changes it;
- the page's own variables (its post, its tag's list), the same way;
- the value of every attribute of a post or page that its templates read while
  it was rendered, at the address it was rendered for. Reads are recorded through
  Jinja's own attribute and item lookups (every `a.b` and `a["b"]` in a template,
  and the `attribute=` of its filters); a post handed to one of the site's own
  filters or functions counts as read whole.

A value of a kind this module cannot fingerprint exactly, or a method a
template called, makes the page one that is always rendered: an unknown never
keeps a page. Hand-written: no library records what a Jinja template reads.
Plain Python; the kinds of object tracked by identity come in as arguments."""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import os
import re
import types
from dataclasses import dataclass, fields, is_dataclass
from pathlib import PurePath
from typing import Any, Callable

from jinja2 import Undefined
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

WHOLE = "*"  # the attribute recorded for an object given to a filter: all of it counts

_EXACT_REPR = (type(None), bool, int, float, complex, bytes, range,
               datetime.datetime, datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo, enum.Enum)
_NAMED = (types.FunctionType, types.BuiltinFunctionType, types.BuiltinMethodType, type, types.ModuleType)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class CannotFingerprint(Exception):
    """A value of a kind not known here: whatever holds it is rendered every time."""


class Fingerprint:
    """Digests of values as templates see them. Objects of the `tracked` kinds
    (posts and pages) count by their `identify(obj)` only; what templates read
    of them is recorded and checked on its own."""

    def __init__(self, tracked: tuple[type, ...], identify: Callable[[Any], str],
                 skip_attributes: frozenset[str] = frozenset(),
                 views: tuple[tuple[type, Callable[[Any], Any]], ...] = ()) -> None:
        self.tracked = tracked
        self._identify = identify
        self.skip_attributes = skip_attributes  # of plain objects: ones that hold the settings, say
        # (kind, view): objects of a kind whose attributes fill in lazily count by
        # what view(obj) gives, the values templates see.
        self.views = views
        self.objects: dict[str, Any] = {}       # identity -> the object met under it (None: two were)
        self._identities: dict[int, str] = {}
        self._shared: dict[int, tuple[Any, bytes]] = {}  # id -> (the object, held so the id stays its, digest)
        self._remembering = False
        self._loops = 0

    def identity(self, obj) -> str:
        known = self._identities.get(id(obj))
        if known is None:
            known = self._identities[id(obj)] = self._identify(obj)
            if self.objects.get(known, obj) is not obj:
                self.objects[known] = None  # two objects, one identity: reads of it cannot be checked
            else:
                self.objects.setdefault(known, obj)
        return known

    def digest(self, value, shared: bool = False) -> str:
        """A hex digest of `value`; CannotFingerprint for a kind not known here.
        With `shared`, the lists, dicts and objects in it are ones that stay as
        they are while this Fingerprint is used (a build's context, a page's
        variables): each is fingerprinted once and known by its digest after
        that, so the lists every page shares cost once, not once a page."""
        hasher = hashlib.blake2b(digest_size=20)
        if type(value) is str:  # most reads: a title, an address, a post's text
            hasher.update(b"str:")
            hasher.update(value.encode("utf-8", "surrogatepass"))
            return hasher.hexdigest()
        self._remembering = shared
        try:
            self._feed(hasher.update, value, [])
        finally:
            self._remembering = False
        return hasher.hexdigest()

    def _feed(self, put, value, holding: list) -> None:
        kind = type(value)
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            put(f"{kind.__qualname__}:{len(data)}:".encode())  # Markup and str render differently
            put(data)
        elif isinstance(value, _EXACT_REPR):
            text = repr(value)
            if _ADDRESS.search(text):
                raise CannotFingerprint(kind.__qualname__)
            put(f"r{len(text)}:{text}".encode())
        elif isinstance(value, self.tracked):
            put(f"T{self.identity(value)}\0".encode())
        elif isinstance(value, Undefined):
            put(b"U;")  # what a template gets for an attribute the object does not have
        elif isinstance(value, _NAMED) or isinstance(value, functools.partial):
            self._feed_named(put, value, holding)
        elif isinstance(value, PurePath):
            put(f"P{kind.__qualname__}:{value}\0".encode())
        elif isinstance(value, re.Pattern):
            self._feed(put, ("re", value.pattern, value.flags), holding)
        elif self.views and any(isinstance(value, kind) for kind, _ in self.views):
            seen = next(view for kind, view in self.views if isinstance(value, kind))(value)
            put(f"V{kind.__module__}.{kind.__qualname__}".encode())
            self._feed_container(put, seen, type(seen), holding)
        elif any(value is held for held in holding):
            self._loops += 1
            put(f"^{next(i for i, held in enumerate(holding) if held is value)};".encode())  # a loop back
        elif self._remembering and kind is not tuple:  # tuples: small, and the ones made here are passing
            known = self._shared.get(id(value))
            if known is None or known[0] is not value:
                hasher, loops = hashlib.blake2b(digest_size=20), self._loops
                holding.append(value)
                try:
                    self._feed_container(hasher.update, value, kind, holding)
                finally:
                    holding.pop()
                known = (value, hasher.digest())
                if loops == self._loops:  # a digest made partway round a loop is not its alone
                    self._shared[id(value)] = known
            put(b"M" + known[1])
        else:
            holding.append(value)
            try:
                self._feed_container(put, value, kind, holding)
            finally:
                holding.pop()

    def _apart(self, value, holding: list) -> bytes:
        """The digest of one item on its own (a set's items are put in order by it)."""
        hasher = hashlib.blake2b(digest_size=20)
        self._feed(hasher.update, value, holding)
        return hasher.digest()

    def _feed_named(self, put, value, holding: list) -> None:
        if isinstance(value, functools.partial):
            self._feed(put, ("partial", value.func, value.args, value.keywords), holding)
            return
        if isinstance(value, types.BuiltinMethodType) and not isinstance(getattr(value, "__self__", None),
                                                                           types.ModuleType):
            raise CannotFingerprint("bound built-in method")
        name = f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))}"
        put(f"N{name}\0".encode())

    def _feed_container(self, put, value, kind, holding: list) -> None:
        if isinstance(value, (list, tuple)):
            put(f"{kind.__qualname__}[{len(value)}".encode())
            for item in value:
                self._feed(put, item, holding)
            put(b"]")
        elif isinstance(value, dict):
            put(f"{kind.__qualname__}{{{len(value)}".encode())  # in its order: templates loop over it in it
            for key, item in value.items():
                self._feed(put, key, holding)
                self._feed(put, item, holding)
            put(b"}")
        elif isinstance(value, (set, frozenset)):
            put(f"{kind.__qualname__}<{len(value)}".encode())
            for item in sorted(self._apart(item, holding) for item in value):
                put(item)
            put(b">")
        elif isinstance(value, types.MethodType):
            self._feed(put, ("method", value.__func__), holding)
            self._feed(put, value.__self__, holding)
        elif hasattr(kind, "__memo_view__"):  # an object that says what of it a page can show
            put(f"W{kind.__module__}.{kind.__qualname__}".encode())
            self._feed(put, value.__memo_view__(), holding)
        elif is_dataclass(value):
            put(f"D{kind.__module__}.{kind.__qualname__}".encode())
            for field in fields(value):
                self._feed(put, field.name, holding)
                self._feed(put, getattr(value, field.name), holding)
        elif hasattr(value, "__dict__") and not hasattr(kind, "__slots__") and kind.__module__ != "builtins":
            state = {name: item for name, item in vars(value).items() if name not in self.skip_attributes}
            put(f"O{kind.__module__}.{kind.__qualname__}".encode())
            self._feed_container(put, state, dict, holding)
        else:
            raise CannotFingerprint(f"{kind.__module__}.{kind.__qualname__}")


# -- recording what templates read --------------------------------------------------------------

class Reads:
    """What templates read of tracked objects while one page rendered: each
    (identity, attribute, place) with the value the template got, where
    `place(obj)` says what else the value depends on (the address of the page it
    is shown on, for links)."""

    def __init__(self, fingerprint: Fingerprint, place: Callable[[Any], str]) -> None:
        self.fingerprint = fingerprint
        self.place = place
        self.seen: dict[tuple[str, str, str], tuple[Any, Any]] = {}  # -> (the object, the value read)

    def read(self, obj, attribute, value=None) -> None:
        if not isinstance(attribute, str) or attribute == WHOLE:
            attribute, value = WHOLE, None  # obj[0], obj[an_object], a filter's argument: the whole object
        try:
            self.seen.setdefault((self.fingerprint.identity(obj), attribute, self.place(obj)), (obj, value))
        except Exception:  # noqa: BLE001 - never fails the page's rendering; the page is just not kept
            self.failed = True

    failed = False  # an object that could not be named: the page cannot be checked


_recording: list[Reads | None] = [None]  # the Reads of the page rendering in this process


def record_reads(environment, tracked: tuple[type, ...]) -> None:
    """Make a Jinja `environment` report to the Reads being recorded every
    attribute or item a template looks up on a tracked object, and every tracked
    object handed to a filter, test or function that is not Jinja's own (which
    look attributes up through the environment, and so are recorded already)."""
    if getattr(environment, "_records_reads", False):
        return
    look_up_attribute, look_up_item = environment.getattr, environment.getitem

    def recorded(look_up):
        def look_up_recorded(obj, name):
            reads = _recording[0]
            value = look_up(obj, name)
            if reads is not None and isinstance(obj, tracked):
                reads.read(obj, name, value)
            return value
        return look_up_recorded

    def attr_recorded(environment_, obj, name):  # Jinja's |attr reads with Python's getattr, not the environment's
        reads = _recording[0]
        if reads is not None and isinstance(obj, tracked):
            reads.read(obj, WHOLE)
        return attr_filter(environment_, obj, name)

    environment.getattr = recorded(look_up_attribute)
    environment.getitem = recorded(look_up_item)
    attr_filter = environment.filters.get("attr")
    if attr_filter is DEFAULT_FILTERS.get("attr"):
        environment.filters["attr"] = functools.update_wrapper(attr_recorded, attr_filter)
    for table, jinjas_own in ((environment.filters, DEFAULT_FILTERS), (environment.tests, DEFAULT_TESTS),
                              (environment.globals, DEFAULT_NAMESPACE)):
        for name, function in list(table.items()):
            if callable(function) and function is not jinjas_own.get(name):
                table[name] = _reading_whole(function, tracked)
    environment._records_reads = True


def _reading_whole(function, tracked: tuple[type, ...]):
    @functools.wraps(function)  # keeps Jinja's pass_context and the like
    def recorded(*args, **kwargs):
        reads = _recording[0]
        if reads is not None:
            for argument in (*args, *kwargs.values()):
                for obj in (argument if isinstance(argument, (list, tuple)) else (argument,)):
                    if isinstance(obj, tracked):
                        reads.read(obj, WHOLE)
        return function(*args, **kwargs)
    return recorded


class recording:
    """`with recording(reads):` records into `reads` what this process's templates read."""

    def __init__(self, reads: Reads) -> None:
        self.reads = reads

    def __enter__(self) -> Reads:
        _recording[0] = self.reads
        return self.reads

    def __exit__(self, *exc) -> None:
        _recording[0] = None


# -- checking and keeping -----------------------------------------------------------------------

Read = tuple[str, str, str, str]  # identity, attribute, place, the value's digest
_UNKNOWN = object()


class ValueCheck:
    """The present value's digest for each recorded read, worked out once per
    build and process. `read_at(obj, attribute, place)` reads it as a template
    would on a page at `place`; None means the value cannot be known without
    rendering (a method, an unknown kind, an object that is gone or ambiguous)."""

    def __init__(self, fingerprint: Fingerprint, read_at: Callable[[Any, str, str], Any]) -> None:
        self.fingerprint = fingerprint
        self.read_at = read_at
        self._known: dict[tuple[str, str, str], str | None] = {}

    def value(self, identity: str, attribute: str, place: str, obj=None) -> str | None:
        key = (identity, attribute, place)
        if key not in self._known:
            obj = obj if obj is not None else self.fingerprint.objects.get(identity)
            self._known[key] = None if obj is None else self._digest(obj, attribute, place)
        return self._known[key]

    def _digest(self, obj, attribute: str, place: str) -> str | None:
        try:
            value = self.read_at(obj, attribute, place)
        except Exception:  # noqa: BLE001 - an attribute that is gone, say: render
            return None
        return self._digest_of(value)

    def _digest_of(self, value) -> str | None:
        if callable(value) and not isinstance(value, (type, Undefined)):
            return None  # a method: only calling it says what it gives
        try:
            return self.fingerprint.digest(value)
        except CannotFingerprint:
            return None

    def recorded(self, reads: Reads) -> tuple[Read, ...] | None:
        """The reads with their values' digests (of the values the templates
        got; a whole object's read now), or None if any cannot be known."""
        if reads.failed:
            return None
        out = []
        for (identity, attribute, place), (obj, value) in sorted(reads.seen.items(), key=lambda item: item[0]):
            if self.fingerprint.objects.get(identity, obj) is not obj:
                return None
            key = (identity, attribute, place)
            digest = self._known.get(key, _UNKNOWN)  # other pages read the same title, at the same address
            if digest is _UNKNOWN:
                digest = self._known[key] = (self.value(identity, attribute, place, obj) if attribute == WHOLE
                                             else self._digest_of(value))
            if digest is None:
                return None
            out.append((identity, attribute, place, digest))
        return tuple(out)

    def unchanged(self, reads: tuple[Read, ...]) -> bool:
        return all(self.value(identity, attribute, place) == digest for identity, attribute, place, digest in reads)


StatSignature = tuple[int, int, int]  # inode, size, modification time in ns: a file replaced or rewritten differs


def signature(path: str | os.PathLike) -> StatSignature:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass(frozen=True)
class Rendered:
    """A page as last rendered: what its templates read, and the files it wrote
    (paths inside the output folder, with their signatures). Kept between builds
    in a page_cache.PageCache under the page's key."""
    reads: tuple[Read, ...]
    files: tuple[tuple[str, StatSignature], ...]


def link_kept(rendered: Rendered, published: str | os.PathLike, staging: str | os.PathLike) -> list[str] | None:
    """Hard-link a kept page's files from the published site into the build's
    folder (or, building in place, leave them); None (and nothing left behind)
    unless every file is still exactly the one rendered. A link never gets written through: the writer only ever
    writes new files, and anything changing a page replaces it."""
    made: list[str] = []
    in_place = os.path.abspath(published) == os.path.abspath(staging)  # a build without a staging folder
    try:
        for relpath, stat_signature in rendered.files:
            source = os.path.join(published, relpath)
            if signature(source) != stat_signature:
                raise FileNotFoundError(source)
            target = os.path.join(staging, relpath)
            if in_place:
                made.append(target)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
            made.append(target)
    except OSError:
        for target in made if not in_place else ():
            os.unlink(target)
        return None
    return made
