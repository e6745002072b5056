FROM alpine:3.19
RUN echo first \
    && echo second \