FROM alpine:3.19 AS 1st-stage
RUN true
