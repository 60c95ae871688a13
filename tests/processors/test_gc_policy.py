"""The worker's garbage-collector policy: freeze after each batch, collect in full now and then."""

import gc

from hub.processors.gc_policy import GcPolicy
from hub.settings import HubSettings


class FakeCollector:
    """Records what the policy asked of the collector."""

    def __init__(self):
        self.calls: list[str] = []

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")

    def collect(self):
        self.calls.append("collect")
        return 0


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_freezes_after_every_batch_and_collects_in_full_on_schedule():
    fake, clock = FakeCollector(), Clock()
    policy = GcPolicy(full_every_s=600, clock=clock, collector=fake)
    policy.after_batch()
    clock.now += 599
    policy.after_batch()
    assert fake.calls == ["freeze", "freeze"]
    clock.now += 1
    policy.after_batch()
    assert fake.calls[2:] == ["unfreeze", "collect", "freeze"]
    assert policy.full_collections == 1
    clock.now += 10
    policy.after_batch()
    assert fake.calls[5:] == ["freeze"]  # the schedule restarts at the full collection


def test_disabled_policy_leaves_the_collector_alone():
    fake = FakeCollector()
    GcPolicy(enabled=False, collector=fake).after_batch()
    assert fake.calls == []


def test_real_collector_freezes_and_unfreezes():
    policy = GcPolicy(full_every_s=0.0)
    try:
        policy.after_batch()  # due at once: unfreeze, collect, freeze
        assert gc.get_freeze_count() > 0
        assert policy.full_collections == 1
    finally:
        gc.unfreeze()


def test_settings_from_env():
    s = HubSettings.from_env({"HUB_GC_FREEZE": "false", "HUB_GC_FULL_EVERY_S": "30"})
    assert s.processors.gc_freeze is False and s.processors.gc_full_every_s == 30
    assert HubSettings.from_env({}).processors.gc_freeze is True
