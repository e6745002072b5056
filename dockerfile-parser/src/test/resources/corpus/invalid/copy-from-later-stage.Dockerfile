FROM alpine:3.19 AS build
COPY --from=assets /srv /srv
FROM busybox:1.36 AS assets
RUN mkdir /srv
