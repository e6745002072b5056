FROM golang:1.22 AS builder
RUN mkdir -p /out && echo bin > /out/bin

FROM alpine:3.19
COPY --from=0 /out/bin /usr/local/bin/a
COPY --from=BUILDER /out/bin /usr/local/bin/b
COPY --from=nginx:1.25 /etc/nginx/nginx.conf /etc/nginx/
COPY --from=ghcr.io/example/tools /bin/tool /usr/local/bin/
RUN --mount=type=bind,from=builder,target=/mnt ls /mnt
