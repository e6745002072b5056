FROM nginx:1.25 AS web
HEALTHCHECK --interval=1m30s --timeout=10s --start-period=5s --start-interval=2s --retries=5 \
    CMD curl -fsS http://localhost/ || exit 1

FROM redis:7 AS cache
HEALTHCHECK CMD ["redis-cli", "ping"]

FROM busybox:1.36
HEALTHCHECK none
CMD ["sh"]
