# syntax=docker/dockerfile:1
FROM alpine:3.19 AS base

RUN apk add --no-cache \
    curl \
    jq
ENV APP_ENV=production \
    APP_PORT=8080
# comment
CMD ["sh", "-c", "echo $APP_ENV"]
