"""Team mode: the same services on a PostgreSQL server (DESIGN.md §10, issue 18).

* ``connection``: DSN handling (TLS ``verify-full`` by default), the password (env,
  system keyring, prompt), per-user connection settings outside the vault, the engine.
* ``server``: ``server init`` (schema from the same SQLModel metadata, group roles, grants,
  row-level security, SECURITY DEFINER audit and statistics functions) and ``user add``.
* ``context``: ``TeamContext``, a ``ServiceContext`` whose transactions run on the server as
  the connected login role, with audit events written through ``rd_audit``.
"""
