# escape=x
FROM alpine:3.19
