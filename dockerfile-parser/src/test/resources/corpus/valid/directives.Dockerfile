# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended;error=true
# escape=\
# this comment ends the directives
# escape=`
FROM alpine:3.19
CMD echo shell form on purpose
