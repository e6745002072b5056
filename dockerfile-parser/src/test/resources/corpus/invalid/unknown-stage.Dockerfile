FROM golang:1.22 AS builder
RUN go build -o /out/app .

FROM alpine:3.19
COPY --from=buidler /out/app /app
