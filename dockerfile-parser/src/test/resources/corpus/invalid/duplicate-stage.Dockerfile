FROM alpine:3.19 AS build
RUN true
FROM debian:12 AS Build
RUN true
