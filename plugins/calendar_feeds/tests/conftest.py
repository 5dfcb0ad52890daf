import pytest

from calendar_feeds.serialise import FeedOptions
from calendar_feeds.tests.builders import options


@pytest.fixture
def feed_options() -> FeedOptions:
    return options()
