"""The password hasher Footwork ships. The other in-process tests hash with a cheaper one
(`QUICK_HASHER`, tests/conftest.py), so this pins the real parameters."""

from __future__ import annotations

from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from tests.conftest import PRODUCTION_HASHER, QUICK_HASHER


def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost():
    assert PRODUCTION_HASHER is not QUICK_HASHER
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost == RFC_9106_LOW_MEMORY.time_cost == 3
    assert PRODUCTION_HASHER.memory_cost == RFC_9106_LOW_MEMORY.memory_cost == 65536
    assert PRODUCTION_HASHER.parallelism == RFC_9106_LOW_MEMORY.parallelism
    stored = PRODUCTION_HASHER.hash("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PRODUCTION_HASHER.verify(stored, "correct horse battery")


def test_a_quick_hash_is_rehashed_at_the_shipped_cost():
    """What a server does with a hash the tests made: it accepts it and asks for a rehash."""
    quick = QUICK_HASHER.hash("correct horse battery")
    assert PRODUCTION_HASHER.verify(quick, "correct horse battery")
    assert PRODUCTION_HASHER.check_needs_rehash(quick)
