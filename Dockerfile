# Policy Assistant in Slack HTTP mode: slim, non-root, the offline embedding model checked at build time.
#   docker build -t policybot .          (docker-compose.yml runs it with a Chroma server and PostgreSQL)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    POLICYBOT_DATA_DIR=/data

RUN groupadd --system --gid 10001 policybot \
    && useradd --system --uid 10001 --gid policybot --create-home --home-dir /home/policybot policybot \
    && mkdir -p /data \
    && chown policybot:policybot /data

# The README's install command, from a copy of the source that is removed afterwards.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY prompts ./prompts
RUN pip install . \
    && cd / \
    && rm -rf /src

# Load the local embedding models (all-MiniLM-L6-v2, the default, and multilingual-e5-small, both shipped
# in wheels) and embed once: the build fails here, not at the first question, if one is missing.
WORKDIR /home/policybot
RUN python -c "from bot.retrieval.embeddings import LOCAL_MODELS; [print('embedding model ready:', m.name, m.embed_query('warm-up').shape) for m in (LOCAL_MODELS['minilm'](None), LOCAL_MODELS['e5'](None))]"

USER policybot
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["policybot", "serve", "--http", "--port", "8080", "--host", "0.0.0.0"]
