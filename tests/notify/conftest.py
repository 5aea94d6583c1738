"""Fixtures for the notify tests: a fake robot server on 127.0.0.1."""

from __future__ import annotations

from typing import Iterator

import pytest

from fake_robot import Robot, serve


@pytest.fixture
def robot() -> Iterator[Robot]:
    fake = Robot(secrets={"dingtalk": "SECdingtalk-test", "feishu": "feishu-test-secret"})
    server = serve(fake)
    yield fake
    server.shutdown()
    server.server_close()
