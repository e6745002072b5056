FROM debian:bookworm
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl jq
rm -rf /var/lib/apt/lists/*
EOF
RUN <<EOT bash
  set -o pipefail
  echo "home is $HOME"
EOT
RUN echo done
