import pytest

from coproweek.authors import ProfileFileError, parse_profiles, unknown_author_message

GOOD = '''
["Pete Fleischmann"]
role = "Head of Co-production"
organisation = "SCIE"

["Gary Hickey"]
role = "Senior Public Involvement Manager"
organisation = "INVOLVE"
bio = "Gary supports researchers."
'''


def test_profiles_are_keyed_by_the_name_posts_use():
    profiles = parse_profiles(GOOD)
    assert set(profiles) == {"Pete Fleischmann", "Gary Hickey"}
    assert profiles["Gary Hickey"].organisation == "INVOLVE"
    assert profiles["Gary Hickey"].bio == "Gary supports researchers."
    assert profiles["Pete Fleischmann"].bio == ""


def test_a_profile_without_organisation_names_its_line():
    text = '["Pete Fleischmann"]\nrole = "Head"\n\n["Gary Hickey"]\nrole = "Manager"\n'
    with pytest.raises(ProfileFileError) as caught:
        parse_profiles(text)
    assert caught.value.line == 1
    assert "Pete Fleischmann" in caught.value.what and "organisation" in caught.value.what


def test_broken_toml_gives_the_line():
    with pytest.raises(ProfileFileError) as caught:
        parse_profiles('["Pete"]\nrole = "Head\norganisation = "SCIE"\n')
    assert caught.value.line == 2


def test_a_bare_value_is_not_an_author():
    with pytest.raises(ProfileFileError) as caught:
        parse_profiles('title = "Authors"\n')
    assert caught.value.line is None or caught.value.line == 1
    assert "title" in caught.value.what


def test_unknown_author_suggests_the_closest_name():
    what, fix = unknown_author_message("Pete Fleischman", ["Gary Hickey", "Pete Fleischmann"])
    assert "Pete Fleischman'" in what
    assert "did you mean 'Pete Fleischmann'" in fix


def test_unknown_author_with_no_close_name_says_how_to_add_one():
    what, fix = unknown_author_message("Zoë Smith", ["Gary Hickey"])
    assert "content/authors.toml" in fix and "did you mean" not in fix
