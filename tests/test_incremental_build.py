"""Warm builds (issue 12) reuse what did not change (Pelican's content cache,
audit findings and link targets per page, share cards, images) and must give
exactly what a cold build gives, and check what changed exactly as a cold
build does: a problem planted in an edited (or an unchanged, already reported)
file is caught, and pages whose template changed are audited again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.site_tools import PROJECT_ROOT, SiteBuildFailed, build_real_site, comparable_files

pytestmark = pytest.mark.slow

GENERATED = 130  # with the sample posts, over 200 pages: the audit and the cards use worker processes
POST = "Title: Generated post {n}\nDate: 2018-0{month}-1{day} 09:00\nAuthor: Pete Fleischmann\nTags: {tag}\n" \
       "Summary: What post {n} is about.\n\n## Part one\n\nCo-production means working as equal partners. " \
       "Read [the first post]({{filename}}co-production-not-rocket-science.md).\n"


def site_copy(folder: Path) -> Path:
    """The project's content plus generated posts, in `folder`/content."""
    content = folder / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    for n in range(GENERATED):
        (content / "blog" / f"generated-{n}.md").write_text(
            POST.format(n=n, month=1 + n % 6, day=n % 10, tag=("housing", "health", "carers")[n % 3]),
            encoding="utf-8")
    return content


def tree(site: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in comparable_files(site).items()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    found = [f"only in the first: {name}" for name in sorted(first.keys() - second.keys())]
    found += [f"only in the second: {name}" for name in sorted(second.keys() - first.keys())]
    found += [f"differs: {name}" for name in sorted(first.keys() & second.keys()) if first[name] != second[name]]
    return found


@pytest.fixture(scope="module")
def warm_site(tmp_path_factory):
    """A site built cold once (its caches beside its content), and that build's files."""
    folder = tmp_path_factory.mktemp("warm-site")
    content = site_copy(folder)
    output = folder / "output"
    build_real_site(output, PATH=str(content))
    return folder, content, output, tree(output)


def test_a_warm_build_after_an_edit_and_its_undo_is_byte_identical_to_the_cold_build(warm_site):
    folder, content, output, cold = warm_site
    post = content / "blog" / "generated-7.md"
    original = post.read_bytes()
    post.write_text(post.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
    build_real_site(output, PATH=str(content))
    edited = tree(output)
    assert b"An added sentence." in edited[next(name for name in edited if "generated-post-7/" in name)]
    assert (folder / "cache" / "pelican").is_dir() and any((folder / "cache" / "audit").iterdir())
    post.write_bytes(original)
    build_real_site(output, PATH=str(content))
    found = differences(cold, tree(output))  # names only: the trees' bytes would flood the log
    assert not found, "\n".join(found)


def test_a_cold_build_with_one_worker_is_byte_identical(warm_site, tmp_path):
    _, _, _, cold = warm_site
    content = site_copy(tmp_path)
    output = tmp_path / "output"
    build_real_site(output, PATH=str(content), AUDIT_WORKERS=1, SHARE_CARD_WORKERS=1, IMAGE_WORKERS=1,
                    WRITE_WORKERS=1, LINK_CHECK_WORKERS=1, READ_WORKERS=1)
    found = differences(cold, tree(output))  # names only: the trees' bytes would flood the log
    assert not found, "\n".join(found)


@pytest.mark.parametrize("planted, named", [
    ("<script>alert(1)</script>", "<script>"),                        # content safety, on every content object
    ("[broken](/no/such/page/)", "/no/such/page/"),                  # link checks, on the built pages
    ("![image](/images/around-the-table.jpg)", "alt"),               # the audit (a production build fails on it)
])
def test_problems_planted_in_an_edited_post_are_caught_on_the_warm_build(warm_site, planted, named):
    folder, content, output, cold = warm_site
    post = content / "blog" / "generated-11.md"
    original = post.read_bytes()
    try:
        post.write_text(post.read_text(encoding="utf-8").replace("## Part one", f"## Part one\n\n{planted}\n"),
                        encoding="utf-8")
        with pytest.raises(SiteBuildFailed) as failure:
            build_real_site(output, PATH=str(content), AUDIT_FAIL_ON_ERRORS=True)
        report = str(failure.value)
        assert "generated-11.md" in report and named in report
        assert tree(output) == cold  # the published folder is the last good build
    finally:
        post.write_bytes(original)


@pytest.mark.parametrize("bad", ["Date: 2018-02-31 09:00", "Title:   "])
def test_a_file_reported_while_read_is_reported_again_on_every_build_until_fixed(warm_site, bad):
    _, content, output, _ = warm_site
    post = content / "blog" / "generated-12.md"
    original = post.read_bytes()
    key = bad.split(":")[0]
    lines = [bad if line.startswith(f"{key}:") else line for line in post.read_text(encoding="utf-8").splitlines()]
    try:
        post.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for _ in range(2):  # the second build reads nothing new: the problem must not be forgotten
            with pytest.raises(SiteBuildFailed) as failure:
                build_real_site(output, PATH=str(content))
            assert "generated-12.md" in str(failure.value)
    finally:
        post.write_bytes(original)


def test_pages_whose_template_changed_are_audited_again(warm_site, tmp_path):
    folder, content, output, _ = warm_site
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    build_real_site(output, PATH=str(content), THEME=str(theme))  # warm: findings cached for this theme
    report = folder / "reports" / "accessibility" / "audit.json"
    before = json.loads(report.read_text(encoding="utf-8"))
    assert not [f for f in before["findings"] if f["rule"] == "alt-missing"]
    template = theme / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<div class="prose">', '<div class="prose"><img src="{{ SITEURL }}/theme/missing-alt.png" width="1" height="1">'),
        encoding="utf-8")
    (theme / "static" / "missing-alt.png").write_bytes(_tiny_png())
    build_real_site(output, PATH=str(content), THEME=str(theme))
    after = json.loads(report.read_text(encoding="utf-8"))
    missing = {f["page"] for f in after["findings"] if f["rule"] == "alt-missing"}
    articles = {path.relative_to(output).as_posix() for path in (output / "blog").rglob("index.html")
                if "<article class=\"post\"" in path.read_text(encoding="utf-8")}
    assert articles and articles <= missing  # every post page, though none of their words changed


def _tiny_png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (1, 1), (200, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_setting_that_changes_what_is_safe_checks_unchanged_bodies_again(warm_site):
    _, content, output, _ = warm_site
    post = content / "blog" / "generated-13.md"
    original = post.read_bytes()
    embed = '\n<iframe src="https://player.vimeo.com/video/1" title="Our film"></iframe>\n'
    try:
        post.write_text(post.read_text(encoding="utf-8") + embed, encoding="utf-8")
        build_real_site(output, PATH=str(content))  # allowed by default: the body is kept as safe
        with pytest.raises(SiteBuildFailed) as failure:  # the same body, stricter settings
            build_real_site(output, PATH=str(content), IFRAME_ALLOWED_HOSTS=["www.youtube-nocookie.com"])
        assert "generated-13.md" in str(failure.value) and "player.vimeo.com" in str(failure.value)
    finally:
        post.write_bytes(original)


def test_a_replaced_image_changes_the_markup_of_posts_that_did_not_change(warm_site):
    from PIL import Image

    _, content, output, _ = warm_site
    image = content / "images" / "around-the-table.jpg"
    original = image.read_bytes()
    page = next(path for path in (output / "blog").rglob("index.html")
                if "around-the-table" in path.read_text(encoding="utf-8") and "rocket" in str(path))
    with Image.open(image) as photo:
        before = f'width="960" height="{round(960 * photo.height / photo.width)}"'  # the fallback's size
    assert before in page.read_text(encoding="utf-8")
    try:
        Image.new("RGB", (1600, 400), (30, 90, 60)).save(image, "JPEG")  # same name, new shape
        build_real_site(output, PATH=str(content))
        markup = page.read_text(encoding="utf-8")
        assert 'width="960" height="240"' in markup and before not in markup
    finally:
        image.write_bytes(original)


# Written anew by every build: the home page, which overrides another's file
# (TEMPLATE_PAGES), and the browser editor's page, which its plugin copies in.
ALWAYS_WRITTEN = {"index.html", "admin/index.html"}


def _page_inodes(site: Path) -> dict[str, int]:
    return {name: path.stat().st_ino for name, path in comparable_files(site).items() if name.endswith(".html")}


@pytest.mark.parametrize("edit, shown_elsewhere", [
    (lambda text: text + "\nA sentence added at the end.\n", False),  # the text only: its own page changes
    # Lists show the title. (Its new slug sorts where the old one did among the
    # posts of its date: a change of order renders every page.)
    (lambda text: text.replace("Title: Generated post 7", "Title: Generated post 7 (updated)"), True),
])
def test_a_warm_build_renders_again_exactly_the_pages_that_show_what_changed(warm_site, tmp_path, edit,
                                                                             shown_elsewhere):
    """Pages whose templates would read nothing new are kept (hard links to
    the last build's files: same inode); the site is the one a cold build of
    the edited content gives."""
    folder, content, output, _ = warm_site
    post = content / "blog" / "generated-7.md"
    original = post.read_bytes()
    build_real_site(output, PATH=str(content))  # the site as its content is now (other tests change it)
    before = _page_inodes(output)
    try:
        post.write_text(edit(original.decode("utf-8")), encoding="utf-8")
        build_real_site(output, PATH=str(content))
        after = _page_inodes(output)
        rendered = {name for name, inode in after.items() if before.get(name) != inode}
        fresh = site_copy(tmp_path / "cold")
        (fresh / "blog" / "generated-7.md").write_bytes(post.read_bytes())
        cold = tree(build_real_site(tmp_path / "cold" / "output", PATH=str(fresh)))
        found = differences(cold, tree(output))
        assert not found, "\n".join(found)
        own_page = {name for name in after if "/generated-post-7/" in name or "/generated-post-7-updated/" in name}
        assert len(own_page) == 1 and own_page <= rendered
        if shown_elsewhere:
            showing = {name for name in after if name not in own_page and b"Generated post 7 (updated)" in cold[name]}
            assert showing and showing <= rendered  # every list, tag and author page that shows the new title
        else:
            assert rendered - ALWAYS_WRITTEN == own_page, sorted(rendered)
        assert len(rendered) < len(after) / 4  # the rest were kept
    finally:
        post.write_bytes(original)
        build_real_site(output, PATH=str(content))
