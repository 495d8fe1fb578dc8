"""Finding the clauses that bear on a question."""
