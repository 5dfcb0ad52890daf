"""The frames authors may embed are exactly the frames the site's
Content-Security-Policy lets a browser show: both plugins read
IFRAME_ALLOWED_HOSTS with one default (an embed the content check accepted
was blocked by a `frame-src 'none'` policy when the setting was left out)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from pelican.settings import DEFAULT_CONFIG

import content_safety
import host_config
from coproweek.checks.content_safety import find_unsafe_markup
from coproweek.config import read_settings


def frame_sources(tmp_path, settings: dict) -> set[str]:
    pelican = SimpleNamespace(settings={"SITEURL": "", "PLUGINS": ["host_config"], **settings},
                              output_path=str(tmp_path))
    host_config.start(pelican)
    try:
        host_config.write_host_files(pelican)
    finally:
        host_config._build = None
    policy = re.search(r"Content-Security-Policy: (.*)", (tmp_path / "_headers").read_text()).group(1)
    return set(re.search(r"frame-src ([^;]*)", policy).group(1).split())


@pytest.mark.parametrize("settings", [{}, {"IFRAME_ALLOWED_HOSTS": None}, {"IFRAME_ALLOWED_HOSTS": ["maps.example.org"]},
                                      {"IFRAME_ALLOWED_HOSTS": []}])
def test_every_frame_content_may_embed_is_one_the_policy_allows(tmp_path, settings):
    accepted = read_settings(content_safety.Settings, {**DEFAULT_CONFIG, **settings}).iframe_allowed_hosts
    allowed = frame_sources(tmp_path, settings)
    for host in accepted:
        embed = f'<iframe src="https://{host}/embed/x" title="A video"></iframe>'
        assert not find_unsafe_markup(embed, tuple(accepted)), host
        assert f"https://{host}" in allowed, f"{host} passes the content check but the policy blocks it"
    assert allowed == ({f"https://{host}" for host in accepted} or {"'none'"})
    refused = '<iframe src="https://tracker.example.net/x" title="Not allowed"></iframe>'
    assert find_unsafe_markup(refused, tuple(accepted)), "a host nobody listed is refused"
    assert "https://tracker.example.net" not in allowed
