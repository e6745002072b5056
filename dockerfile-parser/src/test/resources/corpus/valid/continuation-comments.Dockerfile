FROM debian:bookworm-slim
RUN apt-get update && \
# install the toolchain
    apt-get install -y \
        build-essential \
    # and git, for version stamping
        git \

        ca-certificates && \
    rm -rf /var/lib/apt/lists/*
# a comment between instructions
LABEL a=1 \
      # a comment inside a label
      b=2
