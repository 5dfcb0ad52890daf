import pytest

from coproweek.feeds.serialise import FeedOptions
from calendar_feeds.tests.builders import options


@pytest.fixture
def feed_options() -> FeedOptions:
    return options()
