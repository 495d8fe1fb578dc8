"""The Slack surface: a Bolt app that asks the service and renders its Answer in Block Kit.

app.py        create_app(deps, client): the Bolt app and its middleware.py (retries, duplicates, workspaces)
listeners/    register(app, deps): mentions, DMs, the assistant pane, /policy, buttons, App Home, errors
answering.py  one question's path: rate limit, progress, thread context, ask, render, send, apologise
blocks.py     pure build_*_blocks() / build_*_view() functions; mrkdwn.py escapes and splits text
payloads.py   predicates over Slack payloads; messages.py every sentence a person reads
workers.py    the threads that answer after the ack; priority.py lets acknowledgements go first
server.py     the HTTP server (POST /slack/events, GET /healthz, GET /readyz); serve.py runs a mode
deps.py       SlackDeps; dedupe.py, ratelimit.py, feedback.py, recent.py: small stores behind it
"""
