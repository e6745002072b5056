FROM alpine:3.19
WORKDIR /app
RUNN echo hello
