"""The pipeline service: question → facts → decision → clauses → answer."""
