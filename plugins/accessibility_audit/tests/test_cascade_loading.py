"""coproweek.audit.cascade.loading: the style sheets a page uses."""

from __future__ import annotations

from coproweek.audit.cascade import StyleSheetLoader

from .cascade_pages import page


def sources(sheets) -> list[str]:
    return [rule.source for sheet in sheets for rule in sheet.rules]


def test_links_styles_and_imports_in_document_order(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "main.css").write_text('@import "parts.css"; p { color: red }')
    (tmp_path / "css" / "parts.css").write_text("h1 { color: blue }")
    (tmp_path / "css" / "print.css").write_text("h2 { color: black }")
    (tmp_path / "css" / "dark.css").write_text("h3 { color: white }")
    doc = page("", head='<link rel="stylesheet" href="/css/main.css"><style>h4 { color: green }</style>'
                      '<link rel="stylesheet" href="/css/print.css" media="print">'
                      '<link rel="stylesheet" href="/css/dark.css" media="(prefers-color-scheme: dark)">'
                      '<link rel="alternate stylesheet" href="/css/print.css">')
    sheets = StyleSheetLoader(tmp_path).sheets_for(doc, "page/index.html")
    assert sources(sheets) == ["h1", "p", "h4", "h3"]
    assert [rule.scheme for rule in sheets[-1].rules] == ["dark"]  # the link's media applies to its rules
    assert [sheet.shared for sheet in sheets] == [True, False, True]


def test_each_file_is_parsed_once_and_import_loops_end(tmp_path):
    (tmp_path / "a.css").write_text('@import "b.css"; p { color: red }')
    (tmp_path / "b.css").write_text('@import "a.css"; h1 { color: blue }')
    loader = StyleSheetLoader(tmp_path)
    doc = page("", head='<link rel="stylesheet" href="a.css">')
    first = loader.sheets_for(doc, "index.html")
    assert sources(first) == ["h1", "p"]
    assert loader.sheets_for(page("", head='<link rel="stylesheet" href="a.css">'), "index.html") is first


def test_sheets_outside_the_folder_or_missing_are_skipped(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "secret.css").write_text("p { color: red }")
    doc = page("", head='<link rel="stylesheet" href="../secret.css"><link rel="stylesheet" href="/missing.css">'
                      '<link rel="stylesheet" href="https://cdn.example.org/x.css">')
    assert sources(StyleSheetLoader(site).sheets_for(doc, "index.html")) == []


def test_the_sites_own_absolute_address_is_a_file_in_the_folder(tmp_path):
    (tmp_path / "main.css").write_text("p { color: red }")
    doc = page("", head='<link rel="stylesheet" href="https://www.example.org/main.css">')
    loader = StyleSheetLoader(tmp_path, site_urls=("https://www.example.org",))
    assert sources(loader.sheets_for(doc, "index.html")) == ["p"]
