"""The dashboard's people: who they are, their passwords, and the lock-out.

``users.toml`` declares each user's partner, display name and scopes. The
embedded profile generates their passwords on first start and keeps them,
scrypt-hashed beside the clear text for the operator, in a 0600 file under
``<data_dir>/oauth`` (``hub users list`` shows them). A user name is locked
after ``MAX_FAILURES`` wrong passwords within ``LOCK_WINDOW_S``, and an
unknown name is checked against a dummy hash so timing does not tell which
names exist.
"""

from __future__ import annotations

import collections
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hub.rules.partners import get_partner

from .clients import SCOPES, ClientConfigError, GeneratedCredentials, hash_secret, read_toml, verify_secret


USERS_FILE = Path(__file__).with_name("users.toml")
PASSWORDS_FILE_NAME = "user-passwords.json"
#: Failed password checks per user name within ``LOCK_WINDOW_S`` before it is locked.
MAX_FAILURES = 5
LOCK_WINDOW_S = 60.0
# A hash that matches nothing, checked for unknown users so timing does not tell names.
_DUMMY_HASH = hash_secret(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    username: str
    name: str
    partner: str | None
    scopes: tuple[str, ...]
    title: str = ""

    def get_user_id(self) -> str:
        return self.username


def load_users(path: Path) -> dict[str, User]:
    data = read_toml(path, "users")
    users: dict[str, User] = {}
    for entry in data.get("user", []):
        name = entry.get("username")
        if not isinstance(name, str) or not name or len(name) > 200:
            raise ClientConfigError(f"a [[user]] entry in {path} has no username")
        if name in users:
            raise ClientConfigError(f"user {name!r} is declared twice in {path}")
        partner = entry.get("partner")
        if partner is not None and get_partner(partner) is None:
            raise ClientConfigError(f"user {name!r}: unknown partner {partner!r}")
        scopes = tuple(entry.get("scopes", ()))
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise ClientConfigError(f"user {name!r}: unknown scope(s) {', '.join(unknown)}")
        users[name] = User(name, str(entry.get("name", name)), partner, scopes, str(entry.get("title", "")))
    return users


def generate_password() -> str:
    """About 80 bits, in groups a person can type: ``k7pq-x2mz-...``."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


class PasswordStore(GeneratedCredentials):
    """The demo users' generated passwords."""

    file_name, section, noun = PASSWORDS_FILE_NAME, "users", "passwords"

    def ensure(self, users: Mapping[str, User]) -> dict[str, str]:
        """Generate missing passwords, persist, return username -> hash."""
        stored = self.read()
        missing = [u for u in users if u not in stored]
        for username in missing:
            password = generate_password()
            stored[username] = {"password": password, "hash": hash_secret(password)}
        if missing:
            self._save(stored, len(missing))
        return {u: stored[u]["hash"] for u in users}


class FailedLogins:
    """Counts failed password checks per user name; locks after ``MAX_FAILURES`` in a window."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = LOCK_WINDOW_S, max_names: int = 10000):
        self._fails: collections.OrderedDict[str, list[float]] = collections.OrderedDict()
        self._max, self._window, self._names = max_failures, window_s, max_names
        self._lock = threading.Lock()

    def locked(self, username: str) -> bool:
        with self._lock:
            recent = [t for t in self._fails.get(username, ()) if t > time.monotonic() - self._window]
            return len(recent) >= self._max

    def failed(self, username: str) -> None:
        with self._lock:
            now = time.monotonic()
            times = [t for t in self._fails.pop(username, []) if t > now - self._window] + [now]
            self._fails[username] = times[-self._max:]
            while len(self._fails) > self._names:
                self._fails.popitem(last=False)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._fails.pop(username, None)


class UserDirectory:
    """The users and their password hashes; ``authenticate`` checks a password."""

    def __init__(self, users: dict[str, User], hashes: dict[str, str]):
        self.users = users
        self._hashes = hashes
        self.failures = FailedLogins()

    def get(self, username: str) -> User | None:
        return self.users.get(username)

    def authenticate(self, username: str, password: str) -> User | None:
        stored = self._hashes.get(username, _DUMMY_HASH)
        ok = verify_secret(password, stored) and username in self.users
        return self.users[username] if ok else None
