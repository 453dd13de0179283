"""Connected calendar accounts: what to watch, where follow-ups go, encrypted credentials."""
