"""Policy documents, their versions and clauses; parsing sources into clauses."""
