FROM alpine:3.19 AS fetch-assets
RUN mkdir /assets && echo css > /assets/site.css

FROM golang:1.22-alpine AS build-api
RUN mkdir /out && echo api > /out/api

FROM node:20-alpine AS build-ui
COPY --from=fetch-assets /assets /ui/assets
RUN mkdir /out && echo ui > /out/index.html

FROM alpine:3.19 AS docs
RUN echo "only built with --target docs"

FROM alpine:3.19 AS final
COPY --from=build-api /out/api /srv/api
COPY --from=build-ui /out /srv/www
COPY --from=0 /assets /srv/assets
CMD ["/srv/api"]
