# base image goes here
FROM
RUN true
