from coproweek.pelican_messages import translate
from coproweek.problems import ProblemLog, metadata_line, metadata_lines


def test_metadata_lines_stop_at_the_first_blank_line():
    text = "Title: A post\nDate: 2018-04-16\nAuthor: Pete\n\nBody text: not metadata\n"
    assert metadata_lines(text) == {"title": 1, "date": 2, "author": 3}


def test_metadata_lines_are_case_insensitive_and_keep_the_first_definition():
    text = "TITLE: One\ntitle: Two\nRepeat-Until: 2018-07-01\n"
    assert metadata_lines(text) == {"title": 1, "repeat-until": 3}


def test_metadata_line_reads_a_file(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Title: x\nDate: nonsense\n\nText\n", encoding="utf-8")
    assert metadata_line(str(post), "Date") == 2
    assert metadata_line(str(post), "author") is None
    assert metadata_line(str(tmp_path / "missing.md"), "date") is None


def test_log_reports_every_problem_once_with_relative_paths(tmp_path):
    log = ProblemLog(base_path=str(tmp_path))
    log.add(str(tmp_path / "content/blog/b.md"), "second file problem.", "fix b", line=3)
    log.add(str(tmp_path / "content/blog/a.md"), "first file problem.", "fix a", line=7)
    log.add(str(tmp_path / "content/blog/a.md"), "first file problem.", "fix a", line=7)
    report = log.report()
    assert report.startswith("The site was not built: 2 problems to fix first.")
    assert "1. content/blog/a.md, line 7: first file problem.\n    How to fix it: fix a" in report
    assert "2. content/blog/b.md, line 3: second file problem." in report
    assert str(tmp_path) not in report
    assert log.has_problem_for(str(tmp_path / "content/blog/a.md"))
    assert not log.has_problem_for(str(tmp_path / "content/blog/c.md"))


def test_a_single_problem_is_counted_in_the_singular():
    log = ProblemLog()
    log.add("content/blog/a.md", "x.")
    assert log.report().startswith("The site was not built: 1 problem to fix first.")


def test_pelican_missing_title_becomes_plain_english():
    translation = translate("Skipping content/blog/a.md: could not find information about 'title'", None)
    assert translation.path == "content/blog/a.md"
    assert "no title" in translation.what
    assert "Title:" in translation.fix


def test_pelican_could_not_process_keeps_the_reason():
    translation = translate("Could not process content/blog/a.md", ValueError("bad thing"))
    assert translation.path == "content/blog/a.md"
    assert "bad thing" in translation.what


def test_messages_not_about_files_are_not_translated():
    assert translate("Failed to write Tag page for 'x'.", None) is None


def test_problems_with_and_without_lines_sort_together():
    log = ProblemLog()
    log.add("pelicanconf.py", "no line.")
    log.add("pelicanconf.py", "line 3.", line=3)
    log.add("content/a.md", "first.", line=9)
    report = log.report()
    assert report.index("content/a.md") < report.index("no line.") < report.index("line 3.")
