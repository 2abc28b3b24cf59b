"""The unwrapped-key cache lets go: an expired key leaves memory, and never more than its limit.

Found by `make soak`: it held every key a process had ever opened, for as long as it ran.
"""

from __future__ import annotations

import uuid

from shared.privacy.keys import DataKey, KeyCache


def key() -> DataKey:
    return DataKey(uuid.uuid4(), b"k" * 32)


def test_a_fresh_key_is_served_and_an_expired_one_is_dropped_on_read():
    cache = KeyCache(ttl=30)
    kept = key()
    cache.put("a", kept, now=0)
    assert cache.get("a", now=29.9) is kept
    assert cache.get("a", now=30) is None
    assert len(cache) == 0


def test_keys_of_people_no_longer_worked_on_leave_memory_as_others_arrive():
    cache = KeyCache(ttl=30)
    for n in range(1000):
        cache.put(f"person-{n}", key(), now=float(n))  # one new person a second
    assert len(cache) == 30  # only the last 30 s of them
    assert cache.get("person-969", now=999) is None
    assert cache.get("person-999", now=999) is not None


def test_never_more_than_the_limit_the_oldest_goes_first():
    cache = KeyCache(ttl=3600, limit=3)
    for name in "abcd":
        cache.put(name, key(), now=0)
    assert len(cache) == 3
    assert cache.get("a", now=1) is None
    assert all(cache.get(name, now=1) is not None for name in "bcd")


def test_fetched_again_a_key_moves_to_the_back_and_an_erasure_drops_it_at_once():
    cache = KeyCache(ttl=30, limit=2)
    cache.put("a", key(), now=0)
    cache.put("b", key(), now=1)
    cache.put("a", key(), now=2)  # fetched again: now the newest
    cache.put("c", key(), now=3)
    assert cache.get("b", now=3) is None
    assert cache.get("a", now=3) is not None
    cache.drop("a")
    assert cache.get("a", now=3) is None
