# One image for every pressdesk service of docker-compose.yml (api, worker, beat, migrate).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY api ./api
RUN pip install --no-cache-dir .
COPY processes ./processes
RUN useradd --system --uid 10001 pressdesk
USER pressdesk
EXPOSE 5000
CMD ["pressdesk", "serve", "--host", "0.0.0.0", "--port", "5000"]
