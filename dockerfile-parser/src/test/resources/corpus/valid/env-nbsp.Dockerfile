FROM alpine:3.19
ENV A=one B=two
LABEL team=core tier=gold
