from sitekit.build import ROOT

from coproweek.images.theme_colours import root_custom_properties


def test_reads_the_light_scheme_from_the_real_stylesheet():
    properties = root_custom_properties(ROOT / "theme" / "static" / "css" / "main.css")
    assert properties["--colour-brand"] == "#3d1f5c"
    assert properties["--colour-brand-text"] == "#ffffff"


def test_ignores_the_dark_scheme_and_comments(tmp_path):
    css = tmp_path / "main.css"
    css.write_text("""
        /* :root { --colour-brand: red; } */
        body { --colour-brand: blue; }
        :root { --colour-brand: #3d1f5c; /* purple */ --colour-brand-text: #fff; color: black; }
        @media (prefers-color-scheme: dark) { :root { --colour-brand: #2a1540; } }
    """)
    assert root_custom_properties(css) == {"--colour-brand": "#3d1f5c", "--colour-brand-text": "#fff"}


def test_no_root_rule(tmp_path):
    css = tmp_path / "main.css"
    css.write_text("body { color: black }")
    assert root_custom_properties(css) == {}
