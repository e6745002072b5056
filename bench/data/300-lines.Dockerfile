# syntax=docker/dockerfile:1.7
# escape=\
#
# A realistic multi-stage build for a polyglot web service: a Go API, a Node front end,
# a Python worker and a slim runtime image. Written for hoist's benchmarks (bench/README.md):
# it exercises continuations, heredocs, build args, flags, mounts and every common instruction.

ARG GO_VERSION=1.22.5
ARG NODE_VERSION=20.15.1
ARG PYTHON_VERSION=3.12.4
ARG DEBIAN_RELEASE=bookworm
ARG APP_USER=app
ARG APP_UID=10001
ARG REGISTRY=docker.io/library

# ---------------------------------------------------------------------------------------------
# base: common tools for every build stage
# ---------------------------------------------------------------------------------------------
FROM ${REGISTRY}/debian:${DEBIAN_RELEASE}-slim AS base
ARG DEBIAN_FRONTEND=noninteractive
ARG APT_MIRROR=deb.debian.org
ENV LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    TZ=Etc/UTC \
    PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin
LABEL org.opencontainers.image.vendor="Example Corp" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/example/service"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN sed -i "s|deb.debian.org|${APT_MIRROR}|g" /etc/apt/sources.list.d/debian.sources
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      curl \
      git \
      gnupg \
      jq \
      make \
      openssh-client \
      tar \
      tzdata \
      unzip \
      xz-utils \
 && update-ca-certificates
RUN <<EOF
set -eux
groupadd --system --gid 10001 app
useradd --system --uid 10001 --gid app --home-dir /home/app --create-home app
mkdir -p /src /out /opt/tools
chown -R app:app /src /out
EOF
WORKDIR /src

# ---------------------------------------------------------------------------------------------
# go-build: the API server
# ---------------------------------------------------------------------------------------------
FROM ${REGISTRY}/golang:${GO_VERSION}-${DEBIAN_RELEASE} AS go-build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
ENV CGO_ENABLED=0 \
    GOFLAGS=-trimpath \
    GOCACHE=/root/.cache/go-build \
    GOMODCACHE=/go/pkg/mod \
    GOOS=${TARGETOS} \
    GOARCH=${TARGETARCH}
WORKDIR /src/api
COPY --link api/go.mod api/go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=ssh \
    go mod download -x
COPY --link api/ ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go vet ./... \
 && go test -short -count=1 ./... \
 && go build \
      -ldflags "-s -w \
                -X main.version=${VERSION} \
                -X main.commit=${COMMIT}" \
      -o /out/api \
      ./cmd/api
RUN --mount=type=cache,target=/go/pkg/mod \
    go build -o /out/migrate ./cmd/migrate \
 && go build -o /out/healthcheck ./cmd/healthcheck
RUN <<EOF bash
set -euo pipefail
for bin in /out/api /out/migrate /out/healthcheck; do
  test -x "$bin"
  sha256sum "$bin" >> /out/SHA256SUMS
done
EOF

# ---------------------------------------------------------------------------------------------
# web-build: the front end
# ---------------------------------------------------------------------------------------------
FROM ${REGISTRY}/node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS web-build
ARG NPM_REGISTRY=https://registry.npmjs.org/
ARG PUBLIC_URL=/
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    npm_config_registry=${NPM_REGISTRY} \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /src/web
COPY --link web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --include=dev
COPY --link web/tsconfig.json web/vite.config.ts web/index.html ./
COPY --link web/public ./public
COPY --link web/src ./src
RUN npm run lint \
 && npm run typecheck \
 && npm run build -- --base="${PUBLIC_URL}" \
 && find dist -type f -name '*.map' -delete
COPY <<-"EOF" /src/web/dist/robots.txt
	User-agent: *
	Disallow: /api/
	Disallow: /admin/
	EOF
RUN <<EOF
set -eu
cd dist
find . -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) \
  -exec gzip -9 -k {} \;
ls -la
EOF

# ---------------------------------------------------------------------------------------------
# py-build: the background worker, as a virtual environment
# ---------------------------------------------------------------------------------------------
FROM ${REGISTRY}/python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE} AS py-build
ARG PIP_INDEX_URL=https://pypi.org/simple
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=0 \
    PIP_INDEX_URL=${PIP_INDEX_URL} \
    VIRTUAL_ENV=/opt/venv
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential \
      libpq-dev \
      libffi-dev \
      libssl-dev \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv "${VIRTUAL_ENV}"
ENV PATH="${VIRTUAL_ENV}/bin:${PATH}"
WORKDIR /src/worker
COPY --link worker/requirements.txt worker/requirements-dev.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --upgrade pip setuptools wheel \
 && pip install -r requirements.txt
COPY --link worker/pyproject.toml worker/README.md ./
COPY --link worker/src ./src
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --no-deps . \
 && python -m compileall -q "${VIRTUAL_ENV}/lib"
RUN <<EOF python
import sys, importlib
for name in ("worker", "worker.tasks", "worker.settings"):
    importlib.import_module(name)
print("worker imports OK on", sys.version.split()[0])
EOF

# ---------------------------------------------------------------------------------------------
# tools: static helpers fetched by checksum
# ---------------------------------------------------------------------------------------------
FROM base AS tools
ARG TINI_VERSION=v0.19.0
ARG TINI_SHA256=93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c
ARG DBMATE_VERSION=2.19.0
ADD --chmod=755 --checksum=sha256:${TINI_SHA256} \
    https://github.com/krallin/tini/releases/download/${TINI_VERSION}/tini-amd64 \
    /opt/tools/tini
ADD --chmod=755 \
    https://github.com/amacneil/dbmate/releases/download/v${DBMATE_VERSION}/dbmate-linux-amd64 \
    /opt/tools/dbmate
RUN curl -fsSL https://github.com/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64 \
      -o /opt/tools/jq \
 && chmod 0755 /opt/tools/jq \
 && /opt/tools/jq --version
COPY <<EOF /opt/tools/wait-for
#!/bin/sh
# wait-for HOST PORT [TIMEOUT]: waits until a TCP port accepts connections
host="\$1"; port="\$2"; timeout="\${3:-30}"
i=0
while ! nc -z "\$host" "\$port" 2>/dev/null; do
  i=\$((i + 1))
  if [ "\$i" -ge "\$timeout" ]; then
    echo "timed out waiting for \$host:\$port" >&2
    exit 1
  fi
  sleep 1
done
EOF
RUN chmod 0755 /opt/tools/wait-for

# ---------------------------------------------------------------------------------------------
# test: runs the integration tests against the built artefacts (docker build --target test)
# ---------------------------------------------------------------------------------------------
FROM base AS test
COPY --from=go-build /out/ /usr/local/bin/
COPY --from=web-build /src/web/dist /srv/www
COPY --from=py-build /opt/venv /opt/venv
COPY --from=tools /opt/tools/ /usr/local/bin/
COPY --link tests/ /src/tests/
ENV PATH="/opt/venv/bin:${PATH}" \
    API_ADDR=127.0.0.1:8080 \
    STATIC_ROOT=/srv/www
RUN --network=none <<EOF bash
set -euo pipefail
api --listen "$API_ADDR" --static "$STATIC_ROOT" &
pid=$!
trap 'kill $pid' EXIT
wait-for 127.0.0.1 8080 20
for t in /src/tests/*.sh; do
  echo "== $t"
  bash "$t"
done
EOF

# ---------------------------------------------------------------------------------------------
# runtime: the image that ships
# ---------------------------------------------------------------------------------------------
FROM ${REGISTRY}/debian:${DEBIAN_RELEASE}-slim AS runtime
ARG APP_USER
ARG APP_UID
ARG VERSION=0.0.0-dev
ARG COMMIT=unknown
ARG BUILD_DATE=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="service" \
      org.opencontainers.image.description="Example polyglot web service" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      org.opencontainers.image.url="https://example.com/service" \
      org.opencontainers.image.documentation="https://example.com/service/docs" \
      com.example.team="platform" \
      com.example.tier="backend" \
      com.example.oncall="#platform-oncall"
LABEL maintainer="platform@example.com"
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      libpq5 \
      netcat-openbsd \
      python3 \
      tzdata \
 && rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*
RUN groupadd --system --gid ${APP_UID} ${APP_USER} \
 && useradd --system --uid ${APP_UID} --gid ${APP_USER} \
      --home-dir /home/${APP_USER} --create-home --shell /usr/sbin/nologin ${APP_USER}
ENV APP_HOME=/srv/app \
    APP_ENV=production \
    APP_PORT=8080 \
    METRICS_PORT=9090 \
    LOG_LEVEL=info \
    LOG_FORMAT=json \
    TMPDIR=/srv/app/tmp \
    PYTHONUNBUFFERED=1 \
    STATIC_ROOT=/srv/app/www \
    VIRTUAL_ENV=/opt/venv \
    PATH="/opt/venv/bin:/srv/app/bin:${PATH}"
WORKDIR ${APP_HOME}
COPY --from=tools --chown=root:root /opt/tools/tini /usr/local/bin/tini
COPY --from=tools --chown=root:root /opt/tools/dbmate /opt/tools/wait-for /usr/local/bin/
COPY --from=go-build --chown=${APP_USER}:${APP_USER} /out/api /out/migrate /out/healthcheck ./bin/
COPY --from=web-build --chown=${APP_USER}:${APP_USER} /src/web/dist ./www
COPY --from=py-build --chown=${APP_USER}:${APP_USER} /opt/venv /opt/venv
COPY --chown=${APP_USER}:${APP_USER} --chmod=0644 config/*.yaml ./config/
COPY --chown=${APP_USER}:${APP_USER} migrations/ ./migrations/
COPY <<EOF ./bin/entrypoint.sh
#!/bin/sh
set -e
if [ "\${RUN_MIGRATIONS:-1}" = "1" ]; then
  dbmate --migrations-dir ./migrations --no-dump-schema up
fi
python3 -m worker &
exec api --listen ":\${APP_PORT}" --metrics ":\${METRICS_PORT}" --static "\${STATIC_ROOT}" "\$@"
EOF
RUN chmod 0755 ./bin/entrypoint.sh \
 && mkdir -p /srv/app/data /srv/app/tmp \
 && chown -R ${APP_USER}:${APP_USER} /srv/app/data /srv/app/tmp
VOLUME ["/srv/app/data"]
EXPOSE 8080/tcp 9090/tcp
USER ${APP_USER}
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/srv/app/bin/healthcheck", "--addr", "127.0.0.1:8080"]
ONBUILD COPY config/ ./config/
ENTRYPOINT ["/usr/local/bin/tini", "--", "/srv/app/bin/entrypoint.sh"]
CMD ["--log-level", "info"]
