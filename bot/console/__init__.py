"""The policy owner's web console over the audit store: server-rendered pages, SVG charts, no script."""
