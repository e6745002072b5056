FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4 AS xx

FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
COPY --from=xx / /
ARG TARGETPLATFORM
RUN xx-go build -o /out/app . && xx-verify /out/app

FROM --platform=linux/arm64 alpine:3.19 AS arm
RUN uname -m

FROM --platform=$TARGETPLATFORM alpine:3.19
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
