"""coproweek.render_memo: what a template read is recorded through Jinja
itself, and a page is kept only when every value it read is the same; an
unknown kind of value, or a method a template called, never keeps a page."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from jinja2 import Environment, Undefined
from markupsafe import Markup

from coproweek.page_cache import PageCache
from coproweek.render_memo import (WHOLE, CannotFingerprint, Fingerprint, Reads, Rendered, ValueCheck, link_kept,
                                   record_reads, recording, signature)


class Post:
    """Stands for a Pelican content object: tracked by identity."""

    def __init__(self, source: str, **fields) -> None:
        self.source = source
        self.__dict__.update(fields)

    def shout(self) -> str:
        return self.title.upper()


class Plain:
    def __init__(self, **fields) -> None:
        self.__dict__.update(fields)


def read_at(obj, attribute, place):
    return dict(vars(obj)) if attribute == WHOLE else getattr(obj, attribute, Undefined())


def fingerprint() -> Fingerprint:
    return Fingerprint((Post,), lambda post: post.source)


def render(source: str, prints: Fingerprint | None = None, **context) -> tuple[str, Reads]:
    """Render `source` with reads recorded, as the writer does."""
    environment = Environment()
    environment.filters["word_count"] = lambda post: len(post.body.split())  # reads the post in Python
    record_reads(environment, (Post,))
    reads = Reads(prints or fingerprint(), lambda obj: "")
    with recording(reads):
        output = environment.from_string(source).render(**context)
    return output, reads


def check_after(reads: Reads, change) -> bool:
    """Record `reads`, apply `change`, and say whether the page would be kept."""
    recorded = ValueCheck(reads.fingerprint, read_at).recorded(reads)
    assert recorded is not None
    change()
    return ValueCheck(reads.fingerprint, read_at).unchanged(recorded)


# -- fingerprints ---------------------------------------------------------------------------------

def test_a_tracked_object_counts_by_identity_and_a_plain_one_by_its_state():
    post, plain = Post("a.md", title="One"), Plain(title="One")
    before = fingerprint().digest([post, plain])
    post.title = "Two"
    assert fingerprint().digest([post, plain]) == before  # what is read of a post is checked on its own
    plain.title = "Two"
    assert fingerprint().digest([post, plain]) != before
    assert fingerprint().digest([Post("b.md", title="Two"), plain]) != fingerprint().digest([post, plain])


def test_order_counts_in_lists_and_dicts_but_not_in_sets():
    digest = fingerprint().digest
    assert digest([1, 2]) != digest([2, 1])
    assert digest({"a": 1, "b": 2}) != digest({"b": 2, "a": 1})  # a template loops over a dict in its order
    assert digest({"x", "y", "z"}) == digest({"z", "y", "x"})
    assert digest("<b>") != digest(Markup("<b>"))  # one is escaped when shown, the other not
    assert digest(1) != digest("1") and digest(1) != digest(True) and digest(None) != digest("None")


def test_kinds_that_cannot_be_fingerprinted_exactly_are_refused():
    for unknown in (object(), threading.Lock(), (n for n in range(3)), [Plain(lock=threading.Lock())]):
        with pytest.raises(CannotFingerprint):
            fingerprint().digest(unknown)


def test_an_object_holding_itself_is_fingerprinted_without_looping():
    loop = Plain(name="loop")
    loop.me = loop
    other = Plain(name="other")
    other.me = other
    assert fingerprint().digest(loop) != fingerprint().digest(other)


def test_two_objects_under_one_identity_cannot_be_checked():
    first, second = Post("same.md", title="A"), Post("same.md", title="B")
    prints = fingerprint()
    prints.digest([first, second])
    assert prints.objects["same.md"] is None
    output, reads = render("{{ post.title }}", post=first)
    reads.fingerprint.digest(second)
    assert ValueCheck(reads.fingerprint, read_at).recorded(reads) is None


# -- recording through Jinja ----------------------------------------------------------------------

def test_what_a_template_reads_of_another_post_is_recorded_and_checked():
    page, other, unread = Post("p.md", title="Mine", body="x"), Post("o.md", title="Theirs", body="first"), \
        Post("u.md", title="Unread", body="y")
    output, reads = render("{{ post.title }} {{ posts[1].body }}", post=page, posts=[page, other, unread])
    assert output == "Mine first"
    assert {(identity, attribute) for identity, attribute, _ in reads.seen} == {("p.md", "title"), ("o.md", "body")}
    assert check_after(reads, lambda: setattr(unread, "body", "changed"))      # not read: kept
    assert check_after(reads, lambda: setattr(page, "body", "changed"))        # not read either
    assert not check_after(reads, lambda: setattr(other, "body", "second"))    # read: rendered again


def test_attributes_read_by_jinja_filters_are_recorded():
    old, new = Post("old.md", date=1, title="Old"), Post("new.md", date=2, title="New")
    output, reads = render("{{ (posts|sort(attribute='date'))|map(attribute='title')|join(',') }}", posts=[new, old])
    assert output == "Old,New"
    assert not check_after(reads, lambda: setattr(old, "date", 3))


def test_a_post_given_to_a_filter_of_the_sites_own_counts_as_read_whole():
    post = Post("p.md", title="T", body="three words here")
    output, reads = render("{{ post|word_count }}", post=post)
    assert output == "3" and ("p.md", WHOLE, "") in reads.seen
    assert not check_after(reads, lambda: setattr(post, "body", "now four words here"))


def test_a_method_a_template_called_is_never_kept():
    post = Post("p.md", title="quiet")
    output, reads = render("{{ post.shout() }}", post=post)
    assert output == "QUIET"
    assert ValueCheck(reads.fingerprint, read_at).recorded(reads) is None


def test_an_attribute_a_post_lacks_is_recorded_as_missing_and_noticed_when_it_appears():
    post = Post("p.md", title="T")
    output, reads = render("{% if post.modified %}changed{% endif %}", post=post)
    assert output == ""
    assert check_after(reads, lambda: None)
    assert not check_after(reads, lambda: setattr(post, "modified", "2018-06-01"))


def test_nothing_is_recorded_outside_a_recording():
    environment = Environment()
    record_reads(environment, (Post,))
    reads = Reads(fingerprint(), lambda obj: "")
    environment.from_string("{{ post.title }}").render(post=Post("p.md", title="T"))
    assert not reads.seen


# -- keeping the files ----------------------------------------------------------------------------

def _published(tmp_path: Path) -> tuple[Path, Path, Rendered]:
    published, staging = tmp_path / "output", tmp_path / "staging"
    (published / "tag" / "x").mkdir(parents=True)
    staging.mkdir()
    files = []
    for relpath in ("tag/x/index.html", "tag/x/2/index.html"):
        (published / relpath).parent.mkdir(parents=True, exist_ok=True)
        (published / relpath).write_text(relpath)
        files.append((relpath, signature(published / relpath)))
    return published, staging, Rendered((), tuple(files))


def test_kept_files_are_linked_not_copied(tmp_path):
    published, staging, rendered = _published(tmp_path)
    made = link_kept(rendered, published, staging)
    assert made is not None and len(made) == 2
    assert all(os.path.samefile(staging / relpath, published / relpath) for relpath, _ in rendered.files)


def test_a_file_changed_since_it_was_rendered_is_not_kept_and_nothing_is_left_behind(tmp_path):
    published, staging, rendered = _published(tmp_path)
    page = published / "tag/x/2/index.html"
    page.write_text("edited by hand, or by the live preview")
    assert link_kept(rendered, published, staging) is None
    assert not [path for path in staging.rglob("*") if path.is_file()]


def test_the_memo_keeps_what_this_build_put_and_ignores_a_damaged_or_other_file(tmp_path):
    path = tmp_path / "pages" / "rendered.pickle"
    memo = PageCache(path, "setting-1")
    rendered = Rendered((("p.md", "title", "", "d"),), (("p/index.html", (1, 2, 3)),))
    memo.put("p/index.html", "key", rendered)
    memo.save()
    assert PageCache(path, "setting-1").get("p/index.html", "key") == rendered
    assert PageCache(path, "setting-1").get("p/index.html", "other key") is None
    assert PageCache(path, "setting-2").get("p/index.html", "key") is None  # settings or theme changed
    path.write_bytes(b"not a pickle")
    assert PageCache(path, "setting-1").get("p/index.html", "key") is None


def test_a_build_without_a_staging_folder_keeps_its_files_where_they_are_only_if_untouched(tmp_path):
    published, _, rendered = _published(tmp_path)
    assert link_kept(rendered, published, published) == [str(published / relpath) for relpath, _ in rendered.files]
    (published / "tag/x/index.html").write_text("changed")
    assert link_kept(rendered, published, published) is None
    assert (published / "tag/x/2/index.html").exists()  # nothing of the site removed


def test_jinjas_attr_filter_which_reads_past_the_environment_counts_as_reading_the_whole_post():
    post = Post("p.md", title="T", body="b")
    output, reads = render("{{ post|attr('body') }}", post=post)
    assert output == "b" and ("p.md", WHOLE, "") in reads.seen
    assert not check_after(reads, lambda: setattr(post, "body", "changed"))


def test_an_object_that_cannot_be_named_never_fails_the_page_only_its_keeping():
    def identify(post):
        raise KeyError("no source")
    output, reads = render("{{ post.title }}", Fingerprint((Post,), identify), post=Post("p.md", title="T"))
    assert output == "T"
    assert ValueCheck(reads.fingerprint, read_at).recorded(reads) is None


class Linking(Post):
    """A post whose text links to another: Pelican works the link out from the
    other post's address when the text is read."""

    @property
    def content(self) -> str:
        return f'<a href="{self.target.url}">more</a>'


def test_a_value_worked_out_from_another_post_is_read_again_not_assumed_unchanged():
    target = Post("t.md", url="blog/old-name/")
    page = Linking("p.md", target=target)
    output, reads = render("{{ post.content }}", post=page)
    assert "old-name" in output and {attribute for _, attribute, _ in reads.seen} == {"content"}
    assert not check_after(reads, lambda: setattr(target, "url", "blog/new-name/"))


def test_shared_structures_are_fingerprinted_once_yet_count_by_what_they_hold():
    events = [Plain(title=f"Event {n}", tags=["online"]) for n in range(3)]
    prints = fingerprint()
    first = prints.digest({"events": events, "page": 1}, shared=True)
    assert prints.digest({"events": events, "page": 1}, shared=True) == first
    assert prints.digest({"events": list(events), "page": 1}, shared=True) == first  # another list, same items
    assert prints.digest({"events": events, "page": 2}, shared=True) != first
    events[1].title = "Renamed"
    assert fingerprint().digest({"events": events, "page": 1}, shared=True) != first  # next build: a new Fingerprint
    loop = Plain(name="loop")
    loop.me = [loop]
    assert prints.digest([loop, loop.me], shared=True) == fingerprint().digest([loop, loop.me], shared=True)
