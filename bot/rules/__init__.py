"""Facts about a proposed use, the rule book over them, and the deterministic evaluator."""
