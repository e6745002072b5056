FROM golang:1.22 AS tools
RUN go install golang.org/x/tools/cmd/stringer@latest

FROM golang:1.22 AS build
WORKDIR /src
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    go mod download -x
RUN --mount=type=bind,from=tools,source=/go/bin,target=/tools \
    --mount=type=secret,id=netrc,target=/root/.netrc,required=true \
    --mount=type=tmpfs,target=/tmp \
    /tools/stringer -help || true
RUN --mount=type=ssh git ls-remote git@example.invalid:org/repo.git
RUN --network=none --mount=type=cache,target=/root/.cache/go-build go build ./...
