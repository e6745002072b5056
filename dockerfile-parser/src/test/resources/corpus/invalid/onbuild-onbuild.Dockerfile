FROM alpine:3.19
ONBUILD ONBUILD RUN echo nested
