FROM alpine:3.19
ENV LANG C.UTF-8
ENV MY_DOG=Rex\ The\ Dog \
    MY_CAT="Felix the Cat" \
    EMPTY=""
ENV GREETING    'single quoted legacy value'
LABEL org.opencontainers.image.title="hoist demo" \
      org.opencontainers.image.version=1.2.3
LABEL "com.example.vendor"="ACME Incorporated"
LABEL description "A legacy   label with   spaces"
LABEL multi.line="first \
second"
