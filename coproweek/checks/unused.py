"""Files in content/ that the build did not use. Pelican skips a file it
has no reader for (post.md.txt, notes.docx, a post in a folder it does not
read) and still says "Done", so the author believes it is published. Plain
functions over paths; nothing here knows Pelican."""

from __future__ import annotations

import fnmatch
import os

from coproweek.content_types import content_types

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
# The context key where a generator lists files it read on purpose but does
# not publish (drafts in a production build): known, so not "unused".
UNPUBLISHED_SOURCES = "unpublished_sources"
# Left by operating systems and editors; never an author's work.
_JUNK = ("Thumbs.db", "desktop.ini", "*~", "*.swp", "*.swo", "*.tmp", "*.bak", "~$*")
_TEXT_EXTENSIONS = ("txt", "text")
_DOCUMENTS = ("doc", "docx", "odt", "rtf", "pages")
_IMAGES = ("jpg", "jpeg", "png", "gif", "webp", "svg", "avif")


def extension_variants(folder: str, extensions) -> set[str]:
    """Extensions of files under `folder` that differ from one of
    `extensions` only in case ("MD", "Md", "Markdown"), so they can be read too."""
    wanted = {extension.lower() for extension in extensions}
    found = set()
    for _, _, names in os.walk(folder):
        for name in names:
            extension = os.path.splitext(name)[1][1:]
            if extension.lower() in wanted and extension not in wanted:
                found.add(extension)
    return found


def _folders_read(settings: dict) -> str:
    folders = []
    for content_type in content_types():
        for folder in settings.get(content_type.paths_setting) or ():
            folders.append(f"content/{folder}/ ({content_type.name}s)")
    return ", ".join(folders) or "the folders the site reads"


def _data_files(settings: dict) -> set[str]:
    """Files named by a *_FILE setting (authors.toml): read, though no
    generator records them."""
    return {os.path.normpath(value) for key, value in settings.items()
            if key.endswith("_FILE") and isinstance(value, str) and value}


def _content_folders(settings: dict) -> list[str]:
    """Folders a generator reads Markdown from, by the *_PATHS convention
    (ARTICLE_PATHS, PAGE_PATHS, EVENTS_PATHS, and any a new content type
    adds): its Markdown files are the generator's to read and report."""
    folders = []
    for key, value in settings.items():
        if key.endswith("_PATHS") and key not in ("STATIC_PATHS", "PLUGIN_PATHS", "THEME_TEMPLATES_OVERRIDES") \
                and isinstance(value, (list, tuple)):
            folders += [os.path.normpath(v) for v in value if isinstance(v, str) and v and not os.path.isabs(v)]
    return folders


def _why_unused(path: str, settings: dict) -> tuple[str, str]:
    name = os.path.basename(path)
    stem, extension = os.path.splitext(name)
    extension = extension[1:].lower()
    inner = os.path.splitext(stem)[1][1:].lower()
    if extension in _TEXT_EXTENSIONS and inner in MARKDOWN_EXTENSIONS:
        return (f"the file name ends in '.{inner}.{extension}', so the site does not read it and it is not published.",
                f"rename it to '{stem}' (your computer may hide the last part of file names: check its settings).")
    if extension in _TEXT_EXTENSIONS:
        return ("this is a .txt file, so the site does not read it and it is not published.",
                f"if it is a post, page or event, rename it to '{stem}.md'; otherwise move it out of content/.")
    if extension in MARKDOWN_EXTENSIONS:
        return ("this Markdown file is not in a folder the site reads, so it is not published.",
                f"move it into one of {_folders_read(settings)}.")
    if extension in _DOCUMENTS:
        return ("this is a word-processor document; the site reads Markdown (.md) files only, so it is not published.",
                "copy its text into a new post (invoke new-post \"Title\") and move this file out of content/.")
    if extension in _IMAGES:
        return ("this image is not in content/images/ and no page links to it, so it is not published.",
                "move it into content/images/ and link to it as /images/" + name + ".")
    return ("the site does not use this file, so it is not published.",
            "move it out of content/ (or into content/images/ if it is an image or a download that a page links to).")


def unused_files(content_folder: str, used: set[str], settings: dict) -> list[tuple[str, str, str]]:
    """(path relative to the content folder, what, fix) for each file the
    build did not use. `used` holds the paths generators recorded."""
    used = {os.path.normpath(path) for path in used} | _data_files(settings)
    markdown_folders = _content_folders(settings)
    found = []
    for folder, directories, names in os.walk(content_folder):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or any(fnmatch.fnmatch(name, pattern) for pattern in _JUNK):
                continue
            relative = os.path.normpath(os.path.relpath(os.path.join(folder, name), content_folder))
            extension = os.path.splitext(name)[1][1:].lower()
            in_markdown_folder = any(relative.startswith(folder + os.sep) for folder in markdown_folders)
            if relative not in used and not (extension in MARKDOWN_EXTENSIONS and in_markdown_folder):
                found.append((relative, *_why_unused(relative, settings)))
    return found
