import json
from pathlib import Path

import pytest
from lxml import html

from coproweek.audit.baseline import BaselineError, load_baseline
from coproweek.audit.cli import main

PAGE = """<!DOCTYPE html><html lang="en"><head><title>T</title><link rel="stylesheet" href="css/site.css"></head>
<body><p class="faint">Faint words</p>
<img src="photo.jpg">
<img src="IMG_1234.jpg" alt="IMG_1234.jpg" data-audit-ignore="alt-filename">
<img src="a.jpg" alt="Image of a dog on a beach">
</body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site" / "css").mkdir(parents=True)
    (tmp_path / "site" / "css" / "site.css").write_text("body { background: #fff }\n.faint { color: #aaa }\n")
    (tmp_path / "site" / "index.html").write_text(PAGE)
    return tmp_path / "site"


def test_exit_1_on_new_errors_and_reports_written(site, tmp_path, capsys):
    status = main(["--path", str(site), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html")])
    assert status == 1
    out = capsys.readouterr().out
    assert "contrast-aa" in out and "alt-missing" in out and "css/site.css:2" in out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["schema"] == "accessibility-audit/1"
    assert report["summary"]["new_errors"] == 2
    assert report["summary"]["ignored"] == 1
    assert sorted(f["rule"] for f in report["findings"]) == ["alt-missing", "alt-redundant-prefix", "contrast-aa"]
    finding = next(f for f in report["findings"] if f["rule"] == "contrast-aa")
    assert {"fingerprint", "page", "selector", "snippet", "sources", "severity", "wcag", "details"} <= finding.keys()
    assert finding["details"]["ratio"] < 4.5
    # The HTML report is itself an accessible document: language, title, captioned tables, headings.
    page = html.parse(str(tmp_path / "r.html")).getroot()
    assert page.get("lang") and page.findtext(".//title")
    assert all(t.find("caption") is not None for t in page.iter("table"))
    assert page.findtext(".//h1") == "Accessibility audit"
    assert "Faint words" in html.tostring(page, encoding="unicode")


def test_baseline_lets_ci_fail_only_on_new_errors(site, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert main(["--path", str(site), "--write-baseline", str(baseline), "--reason", "Old page, redesign due"]) == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["accepted"]
    assert all(e["reason"] == "Old page, redesign due" for e in entries)
    assert main(["--path", str(site), "--baseline", str(baseline)]) == 0
    # A new problem fails again.
    (site / "new.html").write_text(PAGE.replace("photo.jpg", "new.jpg"))
    assert main(["--path", str(site), "--baseline", str(baseline)]) == 1


def test_baseline_needs_a_reason(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"version": 1, "accepted": [{"fingerprint": "abc", "reason": " "}]}))
    with pytest.raises(BaselineError, match="reason"):
        load_baseline(bad)
    bad.write_text("{not json")
    with pytest.raises(BaselineError):
        load_baseline(bad)
    assert load_baseline(tmp_path / "missing.json") == {}


def test_bad_input_exits_2_without_traceback(site, tmp_path, capsys):
    assert main(["--path", str(tmp_path / "nowhere")]) == 2
    bad = tmp_path / "b.json"
    bad.write_text("[]")
    assert main(["--path", str(site), "--baseline", str(bad)]) == 2
    assert "baseline" in capsys.readouterr().err


def test_empty_and_broken_pages_do_not_crash(site, capsys):
    (site / "empty.html").write_text("")
    (site / "broken.html").write_bytes(b"<html><body><p style='color:'>x<img src=\xff></body>")
    (site / "css" / "site.css").write_text("body { color: ; background: rgb( } .faint { color: #aaa")
    assert main(["--path", str(site), "--fail-on", "never"]) == 0


def test_fill_alt_from_metadata_writes_and_reports(site, capsys):
    from PIL import Image
    exif = Image.Exif()
    exif[0x010E] = "Volunteers at the garden open day"
    Image.new("RGB", (8, 8)).save(site / "photo.jpg", exif=exif)
    main(["--path", str(site), "--fill-alt-from-metadata", "--json", str(site.parent / "r.json")])
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'alt="Volunteers at the garden open day"' in page
    rules = [f["rule"] for f in json.loads((site.parent / "r.json").read_text(encoding="utf-8"))["findings"]]
    assert "alt-filled-from-metadata" in rules and "alt-missing" not in rules


def test_reusing_clean_chrome_never_hides_a_problem(tmp_path):
    """Subtrees found clean on one page are skipped on the next only when nothing
    around them differs: another context, or a sibling selector, is checked again."""
    from coproweek.audit.engine import Auditor

    (tmp_path / "site.css").write_text(
        "body { color: #0b0c0c; background: #fff }\n"
        ".inverse nav { background: #f3f3f3 }\n.inverse nav li { color: #cccccc }\n"
        "h2 + ul li { color: #dddddd }\n")
    nav = "<nav><ul><li>Home</li><li>About</li><li>Blog</li></ul></nav>"
    list_block = "<ul><li>One</li><li>Two</li><li>Three</li></ul>"
    pages = {
        "a.html": f"<body><header>{nav}</header><main><p>Hello</p></main><footer><p>x</p>{list_block}</footer></body>",
        "b.html": f"<body class='inverse'><header>{nav}</header><main><p>Hi</p></main></body>",
        "c.html": f"<body><header>{nav}</header><main><p>Hey</p></main><footer><h2>More</h2>{list_block}</footer></body>",
    }
    for name, body in pages.items():
        (tmp_path / name).write_text(f"<html><head><link rel='stylesheet' href='site.css'></head>{body}</html>")
    result = Auditor(tmp_path).run(["a.html", "b.html", "c.html"])
    found = sorted((f.page, f.details["subject"]) for f in result.findings if f.rule == "contrast-aa")
    assert found == [("b.html", "About"), ("b.html", "Blog"), ("b.html", "Home"),
                     ("c.html", "One"), ("c.html", "Three"), ("c.html", "Two")]


def test_workers_find_the_same_as_one_process(tmp_path):
    from coproweek.audit.engine import PAGES_PER_WORKER, Auditor

    (tmp_path / "site.css").write_text("body { background: #fff }\n.faint { color: #aaa }\n", encoding="utf-8")
    for number in range(PAGES_PER_WORKER * 2 + 3):
        problem = "<p class='faint'>Faint</p><img src='x.jpg'>" if number % 50 == 0 else "<p>Fine</p>"
        (tmp_path / f"page-{number:03d}.html").write_text(
            f"<html><head><link rel='stylesheet' href='site.css'></head><body>{problem}</body></html>",
            encoding="utf-8")
    one = Auditor(tmp_path).run()
    two = Auditor(tmp_path).run(workers=2)
    assert len(two.pages) == len(one.pages) == PAGES_PER_WORKER * 2 + 3
    assert [f.to_dict() for f in two.findings] == [f.to_dict() for f in one.findings]
    assert len(one.findings) == 10
    assert two.pages == one.pages  # in the site's order, whichever worker took each run


def test_pages_are_shared_out_in_contiguous_runs_several_a_worker():
    from coproweek.audit.engine import runs_for
    from coproweek.publishing.chunks import RUNS_PER_WORKER

    pages = [f"p{number:04d}.html" for number in range(1003)]
    for workers in (2, 3, 4):
        runs = runs_for(pages, workers)
        assert [page for run in runs for page in run] == pages  # every page once, in order
        # enough runs that a worker held up on one leaves the rest to the others
        assert workers * RUNS_PER_WORKER - 1 <= len(runs) <= workers * RUNS_PER_WORKER
        assert max(map(len, runs)) - min(map(len, runs)) <= 1  # as even as whole pages allow
    assert runs_for(pages[:3], 2) == [[pages[0]], [pages[1]], [pages[2]]]
    assert runs_for([], 2) == []
