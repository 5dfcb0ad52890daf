from hypothesis import given
from hypothesis import strategies as st

from coproweek.feeds.folding import LIMIT, fold_content_lines, fold_line


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def unfold(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def test_short_lines_pass_through_with_crlf():
    assert fold_content_lines(["BEGIN:VCALENDAR", "END:VCALENDAR"]) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_a_line_of_exactly_75_octets_is_not_folded():
    assert fold_line("X" * LIMIT) == b"X" * LIMIT
    assert fold_line("X" * (LIMIT + 1)) == b"X" * LIMIT + b"\r\n X"


def test_multibyte_characters_are_never_split():
    line = "SUMMARY:" + "🎉é’" * 40
    folded = fold_line(line)
    for piece in folded.split(b"\r\n"):
        assert len(piece) <= LIMIT
        piece.decode("utf-8")  # raises if a character was cut in two
    assert unfold(folded) == line


def test_a_backslash_escape_stays_on_one_line():
    line = "DESCRIPTION:" + "a" * 62 + "\\,b"  # the backslash is the 75th octet
    folded = fold_line(line)
    first, second = folded.split(b"\r\n")
    assert not first.endswith(b"\\")
    assert second.startswith(b" \\,")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400))
def test_any_text_folds_to_short_valid_lines_and_unfolds_back(text):
    line = "DESCRIPTION:" + text
    data = fold_content_lines([line])
    for piece in physical_lines(data):
        assert len(piece) <= LIMIT
        piece.decode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert unfold(data)[:-2] == line

