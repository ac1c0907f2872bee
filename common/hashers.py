"""The password hasher for first passwords that must be changed at the first login.

Imported accounts get a first password (a one-time password the portal makes, or the one a roster file gives)
that only ever opens the set-password page: ``SetPasswordFirstMiddleware`` lets such a login do nothing else,
and the person's own password, hashed by the default hasher at full strength, replaces it there. Django also
re-hashes it with the default hasher at that first login (``check_password`` upgrades any hash whose algorithm
is not the first of ``PASSWORD_HASHERS``). So this hasher is never the default: it is listed after it, and only
``make_password(..., hasher=INITIAL_HASHER)`` in the roster import uses it.

Why fewer rounds are acceptable here: PBKDF2 at the default's 1,000,000 rounds costs about 0.65 s a password on
the portal's two-core server, which made a 10,000-row import spend hours hashing. A first password protects an
account that has never been used, only until its first login, and whoever may read the database (where this hash
lies) could as well read the roster file that gave it. One-time passwords are 12 random characters from 31
(about 59 bits): at 1,000 rounds, guessing one from its hash still takes some 2^68 SHA-256 computations. A
password HR chose for the file is weaker against guessing; it is checked by the password validators, and is
replaced at the first login like the rest.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with 1,000 rounds, under an algorithm name of its own so that Django upgrades it."""

    algorithm = "pbkdf2_sha256_initial"
    iterations = 1_000

    def must_update(self, encoded: str) -> bool:
        return True  # never kept once the person has logged in with it


INITIAL_HASHER = InitialPasswordHasher()
