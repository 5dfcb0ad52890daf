from coproweek.checks.metadata import check_encoding, check_not_empty, date_problem


def test_utf8_text_passes():
    assert check_encoding("Title: Café – Zoë’s talk 🎉\n".encode()) is None


def test_windows_1252_quote_is_found_on_its_line():
    raw = "Title: ok\nDate: 2018-04-16\n\nIt’s here\n".encode("cp1252")
    line, what, fix = check_encoding(raw)
    assert line == 4
    assert "0x92" in what and "UTF-8" in fix


def test_empty_and_blank_files_are_problems():
    assert check_not_empty("") is not None
    assert check_not_empty("  \n\n\t") is not None
    assert check_not_empty("Title: x") is None


def test_date_problem_shows_the_value_and_an_example():
    from coproweek.dates import UnclearDate

    what, fix = date_problem("date", UnclearDate(" 16 Aprl 2018 ", "has a month the site does not know.", "Write it out."))
    assert what == "'16 Aprl 2018' in the date line has a month the site does not know."
    assert "Date: 2018-04-16" in fix


def test_control_characters_are_found_on_their_line():
    from coproweek.checks.metadata import check_control_characters

    assert check_control_characters("Title: ok\tfine\r\n\nText with é and 🎉\n") is None
    line, what, _ = check_control_characters("Title: ok\n\nPasted\x0bfrom Word\n")
    assert line == 3 and "U+000B" in what
    assert check_control_characters("Title: \x85next line")[0] == 1
    assert check_control_characters("a\x00")[1].count("U+0000") == 1
