"""Building the same sources twice gives the same bytes (SITE_NOW fixed), so
a rebuild changes only what the sources changed: published diffs stay
readable and test results do not depend on the day."""

import pytest

from tests.site_tools import build_real_site, comparable_files as files_of

pytestmark = pytest.mark.slow


def test_a_second_build_is_byte_for_byte_the_same(built_site, tmp_path):
    again = build_real_site(tmp_path / "again")
    first, second = files_of(built_site), files_of(again)
    problems = [f"only in the first build: {name}" for name in sorted(first.keys() - second.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(second.keys() - first.keys())]
    problems += [
        f"differs between builds: {name}"
        for name in sorted(first.keys() & second.keys())
        if first[name].read_bytes() != second[name].read_bytes()
    ]
    assert first, f"The build wrote nothing into {built_site}"
    assert not problems, f"Two builds of the same sources differ ({len(problems)}):\n" + "\n".join(problems)
