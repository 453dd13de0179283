"""Credentials at rest: encrypted with Fernet (AES-128-CBC + HMAC-SHA256).

The key comes from the ``encryption_key`` setting (a Fernet key, or any passphrase, which is
stretched with scrypt), else from the OS keyring when one is usable, else from
``<data dir>/secret.key``, generated on first use with owner-only permissions.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from nextsteps_shared.errors import PermanentError

KEY_FILE = "secret.key"
KEYRING_SERVICE = "nextsteps"
_SALT = b"nextsteps-credentials-v1"


class VaultError(PermanentError):
    """A secret could not be decrypted: the key changed, or the data is damaged."""


class Vault:
    """Encrypts and decrypts account secrets with one key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def open(cls, data_dir: Path, configured_key: str | None = None) -> Vault:
        """The vault for this installation (see the module's docstring for the key's origin)."""
        if configured_key:
            return cls(_as_fernet_key(configured_key))
        return cls(_keyring_key(str(data_dir.resolve())) or _file_key(data_dir / KEY_FILE))

    def encrypt(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as err:
            raise VaultError(
                "a stored credential cannot be decrypted: the encryption key changed "
                "(connect the account again)"
            ) from err


def _as_fernet_key(configured: str) -> bytes:
    try:
        if len(base64.urlsafe_b64decode(configured.encode())) == 32:
            return configured.encode()
    except ValueError:
        pass
    stretched = hashlib.scrypt(configured.encode(), salt=_SALT, n=2**14, r=8, p=1, dklen=32)
    return base64.urlsafe_b64encode(stretched)


def _file_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key)
    return key


def _keyring_key(account: str) -> bytes | None:
    """The key kept in a usable OS keyring (created there on first use), else None."""
    if os.environ.get("NEXTSTEPS_NO_KEYRING"):
        return None
    try:
        import keyring  # optional: only used when installed and backed by a real keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        stored = keyring.get_password(KEYRING_SERVICE, account)
        if stored is None:
            stored = Fernet.generate_key().decode()
            keyring.set_password(KEYRING_SERVICE, account, stored)
        return str(stored).encode()
    except Exception:  # a keyring that is present but broken: fall back to the key file
        return None
