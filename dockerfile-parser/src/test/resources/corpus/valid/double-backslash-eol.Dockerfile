FROM alpine:3.19
RUN echo C:\\
RUN echo "next instruction"
