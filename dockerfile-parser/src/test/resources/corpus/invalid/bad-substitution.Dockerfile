FROM alpine:3.19
ENV APP=/srv
WORKDIR ${}/app
